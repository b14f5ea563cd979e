import {
  AbortError,
  ApiError,
  DecodeError,
  NotFoundError,
  OvercastError,
  ParameterError,
  TimeoutError,
} from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { PAGINATORS } from './generated/paginators.js';
import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  GetPasswordDataResult,
} from './generated/types.js';
import { WAITERS } from './generated/waiters.js';
import { paginatePages, tokenAtEnd } from './paginate.js';
import type { WaiterSpec } from './protocol.js';
import { matchAcceptor, runWaiter, type WaiterFailure } from './waiters.js';

const instances = (...states: string[]): DescribeInstancesResult => ({
  Reservations: states.map((name, i) => ({
    ReservationId: `r-${i}`,
    Instances: [{ InstanceId: `i-${i}`, State: { Name: name } }],
  })),
});

class WaiterFailed extends OvercastError {
  override name = 'WaiterFailed';
}
const failure: WaiterFailure = (message, details) => new WaiterFailed(message, { cause: details.cause });

describe('paginatePages', () => {
  it('asks for each page with the previous NextToken until there is none, and sends the page size', async () => {
    const seen: DescribeInstancesRequest[] = [];
    const pages: Record<string, DescribeInstancesResult> = {
      '': { ...instances('running'), NextToken: 'MQ==' },
      'MQ==': { ...instances('pending'), NextToken: 'Mg==' },
      'Mg==': { ...instances('stopped'), NextToken: '' },
    };
    const fetch = async (input: DescribeInstancesRequest) => {
      seen.push(input);
      return pages[input.NextToken ?? ''] as DescribeInstancesResult;
    };
    const got: DescribeInstancesResult[] = [];
    for await (const page of paginatePages(
      PAGINATORS.DescribeInstances,
      'nextToken',
      fetch,
      { Filters: [{ Name: 'a', Values: ['b'] }] },
      { pageSize: 2 },
    )) {
      got.push(page);
    }
    expect(got.map((p) => p.Reservations?.[0]?.Instances?.[0]?.State?.Name)).toEqual([
      'running',
      'pending',
      'stopped',
    ]);
    expect(seen).toEqual([
      { Filters: [{ Name: 'a', Values: ['b'] }], MaxResults: 2 },
      { Filters: [{ Name: 'a', Values: ['b'] }], MaxResults: 2, NextToken: 'MQ==' },
      { Filters: [{ Name: 'a', Values: ['b'] }], MaxResults: 2, NextToken: 'Mg==' },
    ]);
  });

  it('ends with a DecodeError when the server hands out a token twice', async () => {
    const fetch = async () => ({ NextToken: 'same' });
    const run = async () => {
      for await (const _ of paginatePages(PAGINATORS.DescribeTags, 'nextToken', fetch, {})) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(DecodeError);
  });

  it('refuses a page size the operation cannot take', async () => {
    const run = paginatePages(
      PAGINATORS.DescribeReservedInstancesModifications,
      'nextToken',
      async () => ({}),
      {},
      { pageSize: 5 },
    );
    await expect(run.next()).rejects.toThrow(ParameterError);
    await expect(
      paginatePages(PAGINATORS.DescribeTags, 'nextToken', async () => ({}), {}, { pageSize: 0 }).next(),
    ).rejects.toThrow(/positive integer/);
  });
});

describe('tokenAtEnd', () => {
  const answer = (items: string, token: string) =>
    `<DescribeInstancesResponse><reservationSet>${items}</reservationSet>${token}</DescribeInstancesResponse>`;

  it('reads the last token of a raw answer, after its items', () => {
    const items = '<item><nextToken>inside</nextToken></item>'.repeat(3);
    expect(tokenAtEnd(answer(items, '<nextToken>MQ==</nextToken>'), 'nextToken')).toBe('MQ==');
    expect(tokenAtEnd(answer(items, ''), 'nextToken')).toBe('inside');
  });

  it('guesses nothing from far before the end, or from a token holding a reference', () => {
    const token = '<nextToken>early</nextToken>';
    expect(tokenAtEnd(`<r>${token}${'<item/>'.repeat(4000)}</r>`, 'nextToken')).toBeUndefined();
    expect(tokenAtEnd(`<r>${token}${'<item/>'.repeat(100)}</r>`, 'nextToken')).toBe('early');
    expect(tokenAtEnd(answer('', '<nextToken>a&amp;b</nextToken>'), 'nextToken')).toBeUndefined();
    expect(tokenAtEnd(answer('', '<nextToken></nextToken>'), 'nextToken')).toBeUndefined();
  });
});

describe('the compiled waiters', () => {
  it('match InstanceRunning as botocore does', () => {
    const spec = WAITERS.InstanceRunning;
    const state = (output: DescribeInstancesResult) => matchAcceptor(spec, { output })?.state;
    expect(state(instances('running', 'running'))).toBe('success');
    expect(state(instances('running', 'pending'))).toBeUndefined();
    expect(state(instances('pending', 'terminated'))).toBe('failure');
    expect(state(instances('stopping'))).toBe('failure');
    // pathAll needs at least one value: no instances is not success
    expect(state({ Reservations: [] })).toBeUndefined();
    expect(state({})).toBeUndefined();
    expect(state({ Reservations: [{ Instances: [{}] }] })).toBeUndefined();
  });

  it('match PasswordDataAvailable on length(PasswordData) > `0`', () => {
    const spec = WAITERS.PasswordDataAvailable;
    const state = (output: GetPasswordDataResult) => matchAcceptor(spec, { output })?.state;
    expect(state({ PasswordData: 'abc' })).toBe('success');
    expect(state({ PasswordData: '' })).toBeUndefined();
    expect(state({})).toBeUndefined();
  });

  it('are all 23 there', () => {
    expect(Object.keys(WAITERS)).toHaveLength(23);
  });
});

describe('runWaiter', () => {
  const fast = { minDelay: 1, maxDelay: 4, timeout: 5_000 };

  it('calls until success and resolves with that answer', async () => {
    const answers = [instances('pending'), instances('pending'), instances('running')];
    let calls = 0;
    const output = await runWaiter(
      'InstanceRunning',
      WAITERS.InstanceRunning,
      async () => answers[calls++] as DescribeInstancesResult,
      failure,
      fast,
    );
    expect(calls).toBe(3);
    expect(output).toBe(answers[2]);
  });

  it('ends with the failure error on a failure state', async () => {
    const run = runWaiter(
      'InstanceRunning',
      WAITERS.InstanceRunning,
      async () => instances('terminated'),
      failure,
      fast,
    );
    await expect(run).rejects.toThrow(WaiterFailed);
    await expect(run).rejects.toThrow(
      /waiter InstanceRunning reached a failure state \(pathAny Reservations\[\]\.Instances\[\]\.State\.Name = "terminated"\)/,
    );
  });

  it('passes an error no acceptor matches through, and retries on an error acceptor', async () => {
    const notFound = new NotFoundError('gone', { code: 'InvalidInstanceID.NotFound', status: 400 });
    await expect(
      runWaiter(
        'InstanceRunning',
        WAITERS.InstanceRunning,
        async () => {
          throw notFound;
        },
        failure,
        fast,
      ),
    ).rejects.toBe(notFound);
    // A later model's InstanceRunning retries on InvalidInstanceID.NotFound: an error matcher compiled the same way.
    const withRetry: WaiterSpec<'DescribeInstances', DescribeInstancesResult> = {
      ...WAITERS.InstanceRunning,
      acceptors: [
        ...WAITERS.InstanceRunning.acceptors,
        {
          state: 'retry',
          matcher: 'error',
          expected: 'InvalidInstanceID.NotFound',
          error: (code) => code === 'InvalidInstanceID.NotFound',
        },
      ],
    };
    let calls = 0;
    const output = await runWaiter(
      'InstanceRunning',
      withRetry,
      async () => {
        calls++;
        if (calls < 3) throw notFound;
        return instances('running');
      },
      failure,
      fast,
    );
    expect(calls).toBe(3);
    expect(output.Reservations).toHaveLength(1);
    expect(matchAcceptor(withRetry, { error: new ApiError('x', { code: 'Other' }) })).toBeUndefined();
  });

  it('times out with a TimeoutError and stops at once on abort', async () => {
    await expect(
      runWaiter('InstanceRunning', WAITERS.InstanceRunning, async () => instances('pending'), failure, {
        minDelay: 5,
        timeout: 30,
      }),
    ).rejects.toThrow(TimeoutError);
    const controller = new AbortController();
    const run = runWaiter(
      'InstanceRunning',
      WAITERS.InstanceRunning,
      async () => instances('pending'),
      failure,
      {
        minDelay: 10_000,
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 5);
    await expect(run).rejects.toThrow(AbortError);
  });

  it('defaults to the model’s pace: first call at once, 15 s, up to 600 s', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = runWaiter(
      'InstanceRunning',
      WAITERS.InstanceRunning,
      async () => {
        calls++;
        return instances('pending');
      },
      failure,
      { signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(run).rejects.toThrow(AbortError);
    expect(calls).toBe(1);
  });
});
