/**
 * The cross-provider contract (issues #11 and #12) for oVirt: call options apart from parameters,
 * errors by kind, retries for reads only, one set of connection options, redirects refused and
 * strict UTF-8, against a canned engine on 127.0.0.1.
 */
import {
  AbortError,
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  DecodeError,
  NotFoundError,
  ParameterError,
  PermissionError,
  RateLimitError,
  TimeoutError,
} from '@overcast/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Connection, type ConnectionOptions } from './connection.js';
import { OvirtError } from './errors.js';
import * as ovirt from './index.js';
import { type Engine, json, PASSWORD, startEngine, xml } from './test-support/engine.js';

let engine: Engine;

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());
afterEach(() => {
  engine.requests.length = 0;
  engine.route(() => undefined);
});

const open: Connection[] = [];
afterEach(async () => {
  for (const connection of open.splice(0)) await connection.close({ logout: false });
});

function connect(options: Partial<ConnectionOptions> = {}): Connection {
  const connection = new Connection({
    url: engine.apiUrl,
    username: 'admin@internal',
    password: PASSWORD,
    ...options,
  } as ConnectionOptions);
  open.push(connection);
  return connection;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('call options apart from parameters', () => {
  it("sends upgrade's model timeout (minutes) in the action body; the HTTP timeout is the option's", async () => {
    engine.route((request) =>
      request.api === '/hosts/h1/upgrade'
        ? { ...xml(200, '<action><status>complete</status></action>'), delayMs: 300 }
        : undefined,
    );
    const host = connect().systemService().hostsService().hostService('h1');
    // The model's 60 minutes is no HTTP timeout: the slow answer (300 ms) still arrives.
    await host.upgrade({ timeout: 60, reboot: true });
    const [sent] = engine.apiRequests();
    expect(sent?.text).toBe('<action><reboot>true</reboot><timeout>60</timeout></action>');
    expect([...(sent?.query.keys() ?? [])]).toEqual([]);
    // The call option is the HTTP timeout; the model parameter still reaches the body.
    const slow = await failure(host.upgrade({ timeout: 60 }, { timeout: 100 }));
    expect(slow).toBeInstanceOf(TimeoutError);
    expect((slow as TimeoutError).timeoutMs).toBe(100);
    expect(engine.apiRequests()[1]?.text).toBe('<action><timeout>60</timeout></action>');
  });

  it('puts model parameters in the query, call options in headers, query, signal', async () => {
    engine.route((request) => (request.api === '/vms' ? xml(200, '<vms><vm id="1"/></vms>') : undefined));
    const vms = connect().systemService().vmsService();
    const list = await vms.list(
      { search: 'name=a*', max: 5, allContent: true },
      { query: { search: 'overridden', extra: 'x' }, headers: { 'X-Trace': 'abc' } },
    );
    expect(list).toEqual([{ id: '1' }]);
    const [sent] = engine.apiRequests();
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({
      search: 'name=a*',
      extra: 'x',
      max: '5',
      all_content: 'true',
    });
    expect(sent?.headers).toMatchObject({ 'x-trace': 'abc', 'all-content': 'true', version: '4' });

    const aborted = await failure(vms.list({}, { signal: AbortSignal.abort() }));
    expect(aborted).toBeInstanceOf(AbortError);
  });

  it('sends add/update entities as the body and their parameters as the query', async () => {
    engine.route((request) =>
      request.api === '/vms' && request.method === 'POST'
        ? xml(201, '<vm id="9"><name>n</name></vm>')
        : undefined,
    );
    const vms = connect().systemService().vmsService();
    const vm = await vms.add(
      { name: 'n', cluster: { id: 'c' }, template: { name: 'Blank' } },
      { clone: true },
      { headers: { 'X-A': '1' } },
    );
    expect(vm).toEqual({ id: '9', name: 'n' });
    const [sent] = engine.apiRequests();
    expect(sent?.text).toBe(
      '<vm><name>n</name><cluster id="c"/><template><name>Blank</name></template></vm>',
    );
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({ clone: 'true' });
  });

  it('refuses a call option put among the parameters (the old single-object shape), sending nothing', async () => {
    const vm = connect().systemService().vmsService().vmService('1');
    const old = vm.get as (parameters: object) => Promise<unknown>;
    for (const misplaced of [
      { signal: AbortSignal.timeout(1000) },
      { timeout: 5 },
      { headers: {} },
      { retry: 2 },
    ]) {
      const error = await failure(old.call(vm, misplaced));
      expect(error).toBeInstanceOf(ParameterError);
      expect((error as Error).message).toMatch(
        /is a call option, not a parameter of this method: pass it in the last argument/,
      );
    }
    const start = vm.start as (parameters: object) => Promise<unknown>;
    await expect(start.call(vm, { timeout: 5 })).rejects.toThrow(/'timeout' is a call option/);
    expect(engine.apiRequests()).toEqual([]);
  });

  it('keeps waitFor, followLink and testConnection working with call options', async () => {
    let probes = 0;
    engine.route((request) => {
      if (request.api === '/vms/1') {
        probes++;
        return xml(200, `<vm id="1"><status>${probes < 3 ? 'down' : 'up'}</status></vm>`);
      }
      if (request.api === '/vms/1/nics') return xml(200, '<nics><nic id="n"/></nics>');
      if (request.api === '') return xml(200, '<api/>');
      return undefined;
    });
    const connection = connect();
    const vm = connection.systemService().vmsService().vmService('1');
    expect((await vm.waitFor(ovirt.types.VmStatus.UP, { timeout: 5000, interval: 5 })).status).toBe('up');
    const nics = await connection.followLink(Object.assign([], { href: '/ovirt-engine/api/vms/1/nics' }), {
      headers: { 'X-Follow': '1' },
    });
    expect(nics).toEqual([{ id: 'n' }]);
    expect(engine.apiRequests().at(-1)?.headers['x-follow']).toBe('1');
    expect(await connection.testConnection({ timeout: 1000 })).toBe(true);
  });
});

describe('retries: reads only', () => {
  it('retries a GET on 503 with the client retry, and with the call retry', async () => {
    let calls = 0;
    engine.route((request) => {
      if (request.api !== '/vms') return undefined;
      calls++;
      return calls % 3 === 0 ? xml(200, '<vms/>') : { status: 503, headers: { 'retry-after': '0' } };
    });
    const connection = connect({ retry: { retries: 2, minDelay: 1, maxDelay: 5 } });
    expect(await connection.systemService().vmsService().list()).toEqual([]);
    expect(calls).toBe(3);
    const once = connect();
    expect(
      await once
        .systemService()
        .vmsService()
        .list({}, { retry: { retries: 2, minDelay: 1 } }),
    ).toEqual([]);
    expect(calls).toBe(6);
    // Without retry, one attempt: the 503 is an OvirtError of no more specific kind.
    const error = await failure(once.systemService().vmsService().list());
    expect(error).toBeInstanceOf(OvirtError);
    expect(error).not.toBeInstanceOf(NotFoundError);
  });

  it('sends writes exactly once, refuses a retry asked for a write, and re-sends once after a 401', async () => {
    let starts = 0;
    let firstToken: string | undefined;
    engine.route((request) => {
      if (request.api !== '/vms/1/start') return undefined;
      starts++;
      firstToken ??= request.headers.authorization;
      if (request.headers.authorization === firstToken)
        return xml(401, '<fault><reason>Unauthorized</reason></fault>');
      return starts === 2 ? { status: 503 } : xml(200, '<action><status>complete</status></action>');
    });
    const connection = connect({ retry: 3 });
    const vm = connection.systemService().vmsService().vmService('1');
    // 401 with the first token: a new token, one re-send, which meets a 503 and is not retried.
    const error = await failure(vm.start());
    expect(error).toBeInstanceOf(OvirtError);
    expect((error as OvirtError).status).toBe(503);
    expect(starts).toBe(2);
    await expect(vm.start({}, { retry: 1 })).rejects.toThrow(ParameterError);
    expect(starts).toBe(2);
    await vm.start();
    expect(starts).toBe(3);
  });
});

describe('errors by kind', () => {
  const kinds = [
    [400, BadRequestError],
    [401, AuthError],
    [403, PermissionError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, ApiError],
    [503, ApiError],
  ] as const;

  it.each(kinds)(
    'HTTP %i is an OvirtError and its kind, with fault, method, url and request id',
    async (status, Kind) => {
      engine.route((request) =>
        request.api === '/vms/7'
          ? xml(status, '<fault><reason>Operation Failed</reason><detail>[Cannot do it.]</detail></fault>', {
              'correlation-id': 'engine-corr-1',
            })
          : undefined,
      );
      // A given token: a 401 is then not re-sent with a new one.
      const connection = connect({ token: 'a-given-token', username: undefined, password: undefined });
      const error = await failure(
        connection.systemService().vmsService().vmService('7').get({ follow: 'nics' }),
      );
      expect(error).toBeInstanceOf(OvirtError);
      expect(error).toBeInstanceOf(Kind);
      expect(error).toBeInstanceOf(ApiError);
      if (Kind === ApiError) {
        for (const other of [
          BadRequestError,
          AuthError,
          PermissionError,
          NotFoundError,
          ConflictError,
          RateLimitError,
        ])
          expect(error).not.toBeInstanceOf(other);
      }
      expect(error).toMatchObject({
        status,
        code: 'Operation Failed',
        serverMessage: '[Cannot do it.]',
        fault: { reason: 'Operation Failed', detail: '[Cannot do it.]' },
        requestId: 'engine-corr-1',
        method: 'GET',
        url: `${engine.apiUrl}/vms/7?follow=nics`,
      });
      expect((error as Error).message).toBe(
        `Fault reason is "Operation Failed". Fault detail is "[Cannot do it.]". HTTP response code is ${status}.`,
      );
    },
  );

  it('sends a Correlation-Id and uses it as requestId when the engine echoes none; a caller’s own wins', async () => {
    engine.route((request) =>
      request.api === '/vms/8' ? xml(404, '<fault><reason>Not Found</reason></fault>') : undefined,
    );
    const vm = connect().systemService().vmsService().vmService('8');
    const error = (await failure(vm.get())) as NotFoundError;
    const sent = engine.apiRequests().at(-1)?.headers['correlation-id'];
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(sent);
    const mine = (await failure(vm.get({}, { headers: { 'Correlation-Id': 'my-flow-1' } }))) as NotFoundError;
    expect(mine.requestId).toBe('my-flow-1');
    const queried = (await failure(vm.get({}, { query: { correlation_id: 'q-flow' } }))) as NotFoundError;
    expect(queried.requestId).toBe('q-flow');
    expect(engine.apiRequests().at(-1)?.headers['correlation-id']).toBeUndefined();
  });

  it('a fault inside a 2xx action answer is the base OvirtError', async () => {
    engine.route((request) =>
      request.api === '/vms/1/start'
        ? xml(
            200,
            '<action><status>failed</status><fault><reason>Operation Failed</reason><detail>[no host]</detail></fault></action>',
          )
        : undefined,
    );
    const error = await failure(connect().systemService().vmsService().vmService('1').start());
    expect(error).toBeInstanceOf(OvirtError);
    expect(error).toMatchObject({ status: 200, method: 'POST', fault: { detail: '[no host]' } });
    expect((error as ApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('SSO refusals are AuthError (and OvirtError); an SSO 5xx is only OvirtError', async () => {
    const wrong = await failure(connect({ password: 'not-it-at-all' }).authenticate());
    expect(wrong).toBeInstanceOf(AuthError);
    expect(wrong).toBeInstanceOf(OvirtError);
    expect(wrong).toMatchObject({
      status: 400,
      code: 'access_denied',
      serverMessage: 'Cannot authenticate user.',
      method: 'POST',
      url: `${engine.url}/ovirt-engine/sso/oauth/token`,
    });
    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token'
        ? json(500, { error: 'server_error', error_description: 'down' })
        : undefined,
    );
    const down = await failure(connect().authenticate());
    expect(down).toBeInstanceOf(OvirtError);
    expect(down).not.toBeInstanceOf(AuthError);
    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token' ? json(200, { token_type: 'bearer' }) : undefined,
    );
    const empty = await failure(connect().authenticate());
    expect(empty).toBeInstanceOf(AuthError);
    expect(empty).toBeInstanceOf(OvirtError);
  });

  it('the package exports every runtime error class, waitFor and the family members', () => {
    for (const name of [
      'OvercastError',
      'ApiError',
      'AuthError',
      'PermissionError',
      'NotFoundError',
      'ConflictError',
      'RateLimitError',
      'BadRequestError',
      'ParameterError',
      'ConnectionError',
      'TimeoutError',
      'AbortError',
      'DecodeError',
      'waitFor',
      'OvirtError',
      'OvirtNotFoundError',
    ]) {
      expect(ovirt, name).toHaveProperty(name);
    }
    expect(new ovirt.OvirtNotFoundError('x')).toBeInstanceOf(NotFoundError);
    expect(new ovirt.OvirtNotFoundError('x')).toBeInstanceOf(OvirtError);
  });
});

describe('redirects and strict UTF-8', () => {
  it('a 3xx answer is an error naming the Location, never followed', async () => {
    engine.route((request) =>
      request.api === '/vms'
        ? { status: 302, headers: { location: 'https://elsewhere.example/login' } }
        : undefined,
    );
    const error = await failure(connect().systemService().vmsService().list());
    expect(error).toBeInstanceOf(OvirtError);
    expect((error as Error).message).toContain('https://elsewhere.example/login');
    expect((error as Error).message).toMatch(/redirects are not followed/);
    expect(error).toMatchObject({ status: 302, method: 'GET' });
    expect(
      engine.requests.filter(
        (request) => request.path !== '/ovirt-engine/api/vms' && request.api !== undefined,
      ),
    ).toEqual([]);

    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token'
        ? { status: 301, headers: { location: '/sso/elsewhere' } }
        : undefined,
    );
    const sso = await failure(connect().authenticate());
    expect(sso).toBeInstanceOf(OvirtError);
    expect((sso as Error).message).toContain('/sso/elsewhere');
  });

  it('a body that is not UTF-8 is a DecodeError, XML and SSO JSON alike', async () => {
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token'
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: bad }
        : undefined,
    );
    const sso = await failure(connect().authenticate());
    expect(sso).toBeInstanceOf(DecodeError);
    expect((sso as Error).message).toMatch(/not valid UTF-8 \(first bad byte at offset 6\)/);
    engine.route((request) =>
      request.api === '/vms'
        ? {
            status: 200,
            headers: { 'content-type': 'application/xml' },
            body: Buffer.concat([
              Buffer.from('<vms><vm><name>'),
              Buffer.from([0xc3, 0x28]),
              Buffer.from('</name></vm></vms>'),
            ]),
          }
        : undefined,
    );
    await expect(connect().systemService().vmsService().list()).rejects.toBeInstanceOf(DecodeError);
  });
});

describe('one set of connection options', () => {
  it('takes caFile/insecure as aliases of tls, log of logger, and refuses contradictions', () => {
    expect(() => connect({ caFile: '/x.pem', tls: { caFile: '/y.pem' } })).toThrow(
      /caFile and tls.caFile differ/,
    );
    expect(() => connect({ insecure: true, tls: { insecure: false } })).toThrow(
      /insecure and tls.insecure differ/,
    );
    expect(() => connect({ log: console, logger: { ...console } })).toThrow(/give logger/);
    expect(() => connect({ retry: -1 })).toThrow(ParameterError);
    expect(() => connect({ timeout: Number.NaN })).toThrow(ParameterError);
    expect(() => connect({ caFile: '/no/such/ca.pem' })).toThrow(ParameterError);
  });

  it('debug lines go to the logger (or the deprecated log), never to stdout, with the token redacted', async () => {
    engine.route((request) => (request.api === '' ? xml(200, '<api/>') : undefined));
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const lines: string[] = [];
      const sink = { ...console, debug: (...args: unknown[]) => lines.push(args.map(String).join(' ')) };
      const connection = connect({ debug: 'trace', log: sink });
      await connection.systemService().get();
      expect(lines.some((line) => line.includes('GET') && line.includes('/ovirt-engine/api'))).toBe(true);
      expect(lines.join('\n')).not.toContain(PASSWORD);
      const defaulted = connect({ debug: true });
      await defaulted.systemService().get();
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
