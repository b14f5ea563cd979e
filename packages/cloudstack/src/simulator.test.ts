/**
 * The client against the CloudStack simulator: errors by kind as the server words them, and
 * retries (reads only, with backoff) under injected 503s and dropped connections, counted at the
 * simulator.
 */
import {
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  ParameterError,
} from '@overcast/runtime';
import {
  type RunningCloudStackSimulator,
  type SimulatorRequest,
  startCloudStackSimulator,
} from '@overcast/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudStack, type CloudStackOptions } from './client.js';
import { CloudStackApiError, CloudStackError } from './errors.js';
import { commandTable } from './generated/index.js';
import { isRead } from './reads.js';
import { commandSpec } from './specs.js';

let sim: RunningCloudStackSimulator;
const clients: CloudStack[] = [];
/** Every request the simulator received since the last reset: its command and when it came. */
let seen: { command: string; at: number }[] = [];

function commandOf(request: SimulatorRequest): string {
  return request.query.get('command') ?? new URLSearchParams(request.text).get('command') ?? '';
}

beforeAll(async () => {
  sim = await startCloudStackSimulator({ jobDuration: 10 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
  sim.faults.clear();
  sim.reset();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await sim?.close();
});

/** A client of the simulator; the first fault rule records every request (and injects nothing). */
function client(options: Partial<CloudStackOptions> = {}): CloudStack {
  seen = [];
  sim.faults.add({
    kind: 'latency',
    ms: 0,
    when: (request) => {
      seen.push({ command: commandOf(request), at: performance.now() });
      return false;
    },
  });
  const made = new CloudStack({
    endpoint: sim.endpoint,
    key: sim.account.apiKey,
    secret: sim.account.secret,
    pollInterval: 5,
    ...options,
  });
  clients.push(made);
  return made;
}

function sent(command: string): number {
  return seen.filter((request) => request.command === command).length;
}

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('the call was expected to fail, and succeeded');
  return error;
}

const MISSING = '00000000-0000-0000-0000-000000000000';

describe('errors by kind, as the server words them', () => {
  it('a wrong secret is an AuthError, a CloudStackApiError and a CloudStackError', async () => {
    const error = await failure(client({ secret: 'not-the-secret' }).listZones());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toBeInstanceOf(CloudStackError);
    expect(error).toMatchObject({
      name: 'CloudStackAuthError',
      status: 401,
      errorcode: 401,
      command: 'listZones',
      method: 'GET',
      requestId: undefined,
    });
    expect((error as ApiError).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api\?.*command=listZones/);
    expect((error as ApiError).url).toContain('apiKey=[REDACTED]');
    expect((error as ApiError).url).toContain('signature=[REDACTED]');
  });

  it('an id naming nothing is a NotFoundError (431), with POST too', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const error = await failure(client({ method }).startVirtualMachine({ id: MISSING }));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toBeInstanceOf(CloudStackApiError);
      expect(error).toMatchObject({
        errorcode: 431,
        cserrorcode: 9999,
        method,
        command: 'startVirtualMachine',
      });
      expect((error as ApiError).url).toEqual(
        method === 'POST' ? sim.endpoint : expect.stringContaining('id='),
      );
    }
  });

  it('a missing parameter is a BadRequestError, an unknown command too (432)', async () => {
    const cs = client();
    const missing = await failure(cs.request('deleteSecurityGroup', {}));
    expect(missing).toBeInstanceOf(BadRequestError);
    expect(missing).toMatchObject({ errorcode: 431 });
    const unknown = await failure(cs.request('frobnicateEverything', {}));
    expect(unknown).toBeInstanceOf(BadRequestError);
    expect(unknown).toBeInstanceOf(CloudStackApiError);
    expect(unknown).toMatchObject({ errorcode: 432 });
  });

  it('a group in use is a ConflictError (536)', async () => {
    const cs = client();
    const ids = await deploymentIds(cs);
    const { securitygroup } = await cs.createSecurityGroup({ name: 'busy' });
    const id = securitygroup.id ?? '';
    await cs.deployVirtualMachine({ ...ids, name: 'member', securitygroupids: [id] });
    const error = await failure(cs.deleteSecurityGroup({ id }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ errorcode: 536, name: 'CloudStackConflictError' });
  });

  it("a failing job is its error's kind (533: the family base), with the job id and the request", async () => {
    const cs = client({ method: 'POST' });
    const error = await failure(cs.deployVirtualMachine({ ...(await deploymentIds(cs)), name: 'fail-kind' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      name: 'CloudStackApiError',
      errorcode: 533,
      command: 'deployVirtualMachine',
      jobid: expect.stringMatching(/[\w-]+/),
      method: 'POST',
      url: sim.endpoint,
    });
    const tagged = await failure(
      cs.createTags({ resourceids: [MISSING], resourcetype: 'UserVm', tags: [{ key: 'a', value: 'b' }] }),
    );
    expect(tagged).toBeInstanceOf(NotFoundError);
    expect(tagged).toMatchObject({ errorcode: 431, jobid: expect.any(String) });
  });
});

describe('jobs started apart from their wait', () => {
  it('waitForJob resolves with the result the async command would have given', async () => {
    const cs = client();
    const ids = await deploymentIds(cs);
    const job = await cs.deployVirtualMachine({ ...ids, name: 'later' }, { fetchResult: false });
    expect(sent('queryAsyncJobResult')).toBe(0);
    // Another client (another run) can wait for it.
    const { virtualmachine } = await client().waitForJob(job.jobid, { command: 'deployVirtualMachine' });
    expect(virtualmachine).toMatchObject({ id: job.id, name: 'later', state: 'Running' });
    expect(await client().waitForJob(job.jobid)).toEqual({ virtualmachine });
  });

  it('waitForJob rejects a failed job with its error, naming the command, and an empty job id at once', async () => {
    const cs = client();
    const job = await cs.deployVirtualMachine(
      { ...(await deploymentIds(cs)), name: 'fail-later' },
      { fetchResult: false },
    );
    const error = await failure(cs.waitForJob(job.jobid, { command: 'deployVirtualMachine' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ errorcode: 533, command: 'deployVirtualMachine', jobid: job.jobid });
    const polls = sent('queryAsyncJobResult');
    expect(await failure(cs.waitForJob(''))).toBeInstanceOf(ParameterError);
    expect(sent('queryAsyncJobResult')).toBe(polls);
  });

  it('takes fetchResult as a boolean known only at run time', async () => {
    const cs = client();
    const ids = await deploymentIds(cs);
    for (const wait of [true, false]) {
      const answer = await cs.deployVirtualMachine({ ...ids, name: `wait-${wait}` }, { fetchResult: wait });
      expect(Object.keys(answer).sort()).toEqual(wait ? ['virtualmachine'] : ['id', 'jobid']);
    }
  });
});

async function deploymentIds(cs: CloudStack) {
  return {
    zoneid: (await cs.listZones()).zone[0]?.id ?? '',
    serviceofferingid: (await cs.listServiceOfferings()).serviceoffering[0]?.id ?? '',
    templateid: (await cs.listTemplates({ templatefilter: 'executable' })).template[0]?.id ?? '',
  };
}

describe('retries', () => {
  const only = (command: string) => (request: SimulatorRequest) => commandOf(request) === command;

  it('retries a read after 503s and dropped connections, waiting within a doubling window', async () => {
    const cs = client({ retry: { retries: 4, minDelay: 100, maxDelay: 1000 } });
    sim.faults.add({ kind: 'error', status: 503, times: 2, when: only('listZones') });
    sim.faults.add({ kind: 'drop', times: 2, when: only('listZones') });
    expect((await cs.listZones()).count).toBe(1);
    expect(sent('listZones')).toBe(5);
    const gaps = seen.slice(1).map((request, i) => request.at - (seen[i]?.at ?? 0));
    // Full jitter: each wait is drawn from [0, window], the window doubling from minDelay.
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThan(100 * 2 ** i + 150);
    });
  });

  it('spaces the retries by the backoff (jitter at its top: the waits are the windows)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const cs = client({ retry: { retries: 3, minDelay: 100, maxDelay: 1000 } });
    sim.faults.add({ kind: 'error', status: 503, times: 3, when: only('listZones') });
    expect((await cs.listZones()).count).toBe(1);
    expect(sent('listZones')).toBe(4);
    const gaps = seen.slice(1).map((request, i) => request.at - (seen[i]?.at ?? 0));
    [100, 200, 400].forEach((window, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(window * 0.999 - 5);
      expect(gaps[i]).toBeLessThan(window + 150);
    });
  });

  it("honours the server's Retry-After", async () => {
    const cs = client({ retry: 1 });
    sim.faults.add({
      kind: 'error',
      status: 503,
      times: 1,
      headers: { 'retry-after': '1' },
      when: only('listZones'),
    });
    expect((await cs.listZones()).count).toBe(1);
    expect(sent('listZones')).toBe(2);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('sends a write exactly once, whatever the retry, and fails with what the server did', async () => {
    const cs = client({ retry: { retries: 3, minDelay: 1 } });
    sim.faults.add({ kind: 'error', status: 503, times: 1, when: only('createSecurityGroup') });
    const unavailable = await failure(cs.createSecurityGroup({ name: 'once' }));
    expect(unavailable).toBeInstanceOf(CloudStackError);
    expect(unavailable).toMatchObject({ status: 503 });
    expect(sent('createSecurityGroup')).toBe(1);

    sim.faults.add({ kind: 'drop', times: 1, when: only('createSecurityGroup') });
    await expect(cs.createSecurityGroup({ name: 'twice' })).rejects.toBeInstanceOf(ConnectionError);
    expect(sent('createSecurityGroup')).toBe(2);
    expect((await cs.listSecurityGroups({ securitygroupname: 'twice' })).securitygroup).toHaveLength(0);

    // An async write too: the deploy once, its job polls (reads) retried.
    const ids = await deploymentIds(cs);
    sim.faults.add({ kind: 'error', status: 503, times: 2, when: only('queryAsyncJobResult') });
    const { virtualmachine } = await cs.deployVirtualMachine({ ...ids, name: 'polled' });
    expect(virtualmachine.state).toBe('Running');
    expect(sent('deployVirtualMachine')).toBe(1);
    expect(sent('queryAsyncJobResult')).toBeGreaterThanOrEqual(3);
  });

  it('takes retry per call, for reads, and refuses it for a write before sending', async () => {
    const cs = client();
    sim.faults.add({ kind: 'drop', times: 1, when: only('listZones') });
    expect((await cs.listZones({}, { retry: { retries: 1, minDelay: 1 } })).count).toBe(1);
    expect(sent('listZones')).toBe(2);
    await expect(cs.createSecurityGroup({ name: 'x' }, { retry: 2 })).rejects.toThrow(
      new ParameterError('createSecurityGroup is not safe to repeat: retry applies to reads only'),
    );
    expect(sent('createSecurityGroup')).toBe(0);
    // Without retry, a read is sent once too.
    sim.faults.add({ kind: 'drop', times: 1, when: only('listZones') });
    await expect(cs.listZones()).rejects.toBeInstanceOf(ConnectionError);
    expect(sent('listZones')).toBe(3);
  });

  it('knows the reads of the command table', () => {
    const reads = Object.keys(commandTable()).filter((command) => isRead(command, commandSpec(command)));
    expect(reads.filter((command) => command.startsWith('list'))).toHaveLength(187);
    expect(reads.filter((command) => !command.startsWith('list')).sort()).toEqual([
      'cloudianIsEnabled',
      'findHostsForMigration',
      'findStoragePoolsForMigration',
      'getApiLimit',
      'getCloudIdentifier',
      'getKubernetesClusterConfig',
      'getLoadBalancerSslCertificate',
      'getPathForVolume',
      'getRouterHealthCheckResults',
      'getSolidFireAccountId',
      'getSolidFireVolumeAccessGroupIds',
      'getSolidFireVolumeSize',
      'getUser',
      'getUserKeys',
      'getVMPassword',
      'getVirtualMachineUserData',
      'getVolumeSnapshotDetails',
      'getVolumeiScsiName',
      'isAccountAllowedToCreateOfferingsWithTags',
      'queryAsyncJobResult',
      'quotaIsEnabled',
      'searchLdap',
    ]);
    // Async commands start jobs; getUploadParamsFor* registers an upload.
    expect(isRead('getDiagnosticsData', commandSpec('getDiagnosticsData'))).toBe(false);
    expect(isRead('getUploadParamsForTemplate', commandSpec('getUploadParamsForTemplate'))).toBe(false);
    expect(isRead('listSomethingNew', undefined)).toBe(true);
    expect(isRead('createSomethingNew', undefined)).toBe(false);
  });
});
