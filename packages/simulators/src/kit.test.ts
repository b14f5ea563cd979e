import { signCloudStack } from '@overcast/runtime/signing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CloudStackSimulatorOptions,
  DEFAULT_CLOUDSTACK_ACCOUNT,
  type RunningCloudStackSimulator,
  startCloudStackSimulator,
} from './cloudstack/simulator.js';
import { defineSimulator, type ProviderSimulatorOptions, type RunningProviderSimulator } from './kit.js';
import { rpc } from './opennebula/rpc.test-helper.js';
import { DEFAULT_ONE_SESSION, startOpenNebulaSimulator } from './opennebula/simulator.js';
import { call, signIn } from './ovirt/client.test-helper.js';
import { DEFAULT_OVIRT_USER, startOvirtSimulator } from './ovirt/simulator.js';
import type { RunningSimulator } from './server.js';

const quiet = { debug: () => {}, error: () => {} };
const running: RunningSimulator[] = [];

async function started<T extends RunningSimulator>(simulator: Promise<T>): Promise<T> {
  const sim = await simulator;
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function cloudstack(
  sim: RunningCloudStackSimulator,
  command: string,
  params: Record<string, string> = {},
  method: 'GET' | 'POST' = 'GET',
): Promise<number> {
  const { queryString } = signCloudStack({ command, params, ...sim.credentials });
  const response =
    method === 'GET'
      ? await fetch(`${sim.endpoint}?${queryString}`)
      : await fetch(sim.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: queryString,
        });
  await response.arrayBuffer();
  return response.status;
}

describe('the uniform fields of every provider simulator', () => {
  it('CloudStack: endpoint, apiPath, credentials { apiKey, secret }, beside endpoint and account', async () => {
    const sim = await started(startCloudStackSimulator());

    expect(sim.apiPath).toBe('/client/api');
    expect(sim.endpoint).toBe(`${sim.url}/client/api`);
    expect(sim.credentials).toEqual(DEFAULT_CLOUDSTACK_ACCOUNT);
    expect(sim.account).toEqual(sim.credentials);
    expect(sim.transitionMs).toBe(100);
    expect(await cloudstack(sim, 'listZones')).toBe(200);
  });

  it('OpenNebula: endpoint, apiPath, credentials { session }, beside session', async () => {
    const sim = await started(startOpenNebulaSimulator());

    expect(sim.apiPath).toBe('/RPC2');
    expect(sim.endpoint).toBe(`${sim.url}/RPC2`);
    expect(sim.credentials).toEqual({ session: DEFAULT_ONE_SESSION });
    expect(sim.session).toBe(sim.credentials.session);
    const answer = await rpc(sim.endpoint, 'one.system.version', sim.credentials.session);
    expect(Array.isArray(answer) && answer[0]).toBe(true);
  });

  it('oVirt: endpoint, apiPath, credentials { username, password }, beside apiUrl and user', async () => {
    const sim = await started(startOvirtSimulator());

    expect(sim.apiPath).toBe('/ovirt-engine/api');
    expect(sim.endpoint).toBe(`${sim.url}/ovirt-engine/api`);
    expect(sim.apiUrl).toBe(sim.endpoint);
    expect(sim.credentials).toEqual(DEFAULT_OVIRT_USER);
    expect(sim.user).toEqual(sim.credentials);
    expect(await signIn(sim)).toMatch(/\S/);
  });

  it('hands out frozen credentials', async () => {
    const sim = await started(startOvirtSimulator());
    expect(Object.isFrozen(sim.credentials)).toBe(true);
  });
});

describe('the uniform options and their provider-familiar aliases', () => {
  it('credentials: one or a list, the first handed to clients; the old names still work', async () => {
    const first = { apiKey: 'k1', secret: 's1' };
    const second = { apiKey: 'k2', secret: 's2' };
    const [one, list, accounts] = await Promise.all([
      started(startCloudStackSimulator({ credentials: first })),
      started(startCloudStackSimulator({ credentials: [second, first] })),
      started(startCloudStackSimulator({ accounts: [first, second] })),
    ]);

    expect(one.credentials).toEqual(first);
    expect(list.credentials).toEqual(second);
    expect(accounts.credentials).toEqual(first);
    expect(accounts.account).toEqual(first);
    // Every listed credential is accepted, an unlisted one is not.
    expect(await cloudstack(list, 'listZones')).toBe(200);
    const signedWithFirst = signCloudStack({ command: 'listZones', ...first }).queryString;
    expect((await fetch(`${list.endpoint}?${signedWithFirst}`)).status).toBe(200);
    expect(
      (await fetch(`${one.endpoint}?${signCloudStack({ command: 'listZones', ...second }).queryString}`))
        .status,
    ).toBe(401);
  });

  it('credentials of OpenNebula ({ session }) and oVirt ({ username, password }), and their old names', async () => {
    const [byCredentials, bySession, ovirt, byUsers] = await Promise.all([
      started(startOpenNebulaSimulator({ credentials: { session: 'oneadmin:one' } })),
      started(startOpenNebulaSimulator({ session: 'oneadmin:two' })),
      started(startOvirtSimulator({ credentials: { username: 'me@internal', password: 'pw' } })),
      started(startOvirtSimulator({ users: [{ username: 'you@internal', password: 'pw2' }] })),
    ]);

    expect(byCredentials.session).toBe('oneadmin:one');
    expect(bySession.credentials).toEqual({ session: 'oneadmin:two' });
    expect(ovirt.user).toEqual({ username: 'me@internal', password: 'pw' });
    expect(byUsers.credentials).toEqual({ username: 'you@internal', password: 'pw2' });
    expect(await signIn(ovirt)).toMatch(/\S/);
    const refused = await rpc(bySession.endpoint, 'one.system.version', 'oneadmin:opennebula');
    expect(Array.isArray(refused) && refused[0]).toBe(false);
  });

  it('refuses malformed credentials, an empty list, and a uniform name given with its alias', async () => {
    await expect(startOpenNebulaSimulator({ credentials: { session: 'no-colon' } })).rejects.toThrow(
      'must look like "user:password"',
    );
    await expect(startCloudStackSimulator({ credentials: [] })).rejects.toThrow('at least one credential');
    await expect(startCloudStackSimulator({ credentials: { apiKey: '', secret: 'x' } })).rejects.toThrow(
      'non-empty apiKey and secret',
    );
    await expect(
      startOvirtSimulator({ credentials: DEFAULT_OVIRT_USER, users: [DEFAULT_OVIRT_USER] }),
    ).rejects.toThrow("takes 'credentials' or its older name 'users', not both");
    await expect(startCloudStackSimulator({ transitionMs: 5, jobDuration: 10 })).rejects.toThrow(
      "takes 'transitionMs' or its older name 'jobDuration', not both",
    );
  });

  it('transitionMs, with jobDuration (CloudStack) and stepMs (oVirt) as aliases', async () => {
    const sims = await Promise.all([
      started(startCloudStackSimulator({ transitionMs: 7 })),
      started(startCloudStackSimulator({ jobDuration: 8 })),
      started(startCloudStackSimulator({ jobDuration: 9, transitionMs: 9 })),
      started(startOpenNebulaSimulator({ transitionMs: 10 })),
      started(startOvirtSimulator({ transitionMs: 11 })),
      started(startOvirtSimulator({ stepMs: 12 })),
    ]);

    expect(sims.map((sim) => sim.transitionMs)).toEqual([7, 8, 9, 10, 11, 12]);
    await expect(startOvirtSimulator({ stepMs: -1 })).rejects.toThrow(
      'stepMs must be a non-negative number, not -1',
    );
    await expect(startOpenNebulaSimulator({ transitionMs: Number.NaN })).rejects.toThrow(
      'transitionMs must be a non-negative number',
    );
  });

  it('transitionMs times the state changes: a CloudStack job stays pending that long', async () => {
    const sim = await started(startCloudStackSimulator({ transitionMs: 60_000 }));
    const zone = await listFirst(sim, 'listZones', 'zone');
    const offering = await listFirst(sim, 'listServiceOfferings', 'serviceoffering');
    const template = await listFirst(sim, 'listTemplates', 'template', { templatefilter: 'featured' });
    const deployed = await json(sim, 'deployVirtualMachine', {
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const job = await json(sim, 'queryAsyncJobResult', { jobid: deployed.jobid });
    expect(job.jobstatus).toBe(0);
  });

  it('latency delays every answer, survives faults.clear() and is not counted as a fault', async () => {
    const sim = await started(startOpenNebulaSimulator({ latency: 120 }));
    sim.faults.clear();

    const before = performance.now();
    await rpc(sim.endpoint, 'one.system.version', sim.credentials.session);

    expect(performance.now() - before).toBeGreaterThanOrEqual(110);
    expect(sim.faults.injected.latency).toBe(0);
  });

  it('latency takes a [min, max] range and refuses a malformed one', async () => {
    const sim = await started(startOvirtSimulator({ latency: [60, 80], logger: quiet }));
    const before = performance.now();
    await (await fetch(sim.endpoint)).arrayBuffer();
    expect(performance.now() - before).toBeGreaterThanOrEqual(55);

    await expect(startCloudStackSimulator({ latency: [50, 10] })).rejects.toThrow(
      'invalid latency option: latency must be a non-negative number or a [min, max] range',
    );
  });

  it('faults: the same FaultOptions for every provider', async () => {
    const options = { faults: { seed: 3, rules: [{ kind: 'error' as const, status: 502, times: 1 }] } };
    const sims = await Promise.all([
      started(startCloudStackSimulator(options)),
      started(startOpenNebulaSimulator(options)),
      started(startOvirtSimulator(options)),
    ]);

    for (const sim of sims) {
      expect((await fetch(sim.endpoint)).status).toBe(502);
      expect(sim.faults.injected.error).toBe(1);
    }
  });
});

describe('requests: counted per operation', () => {
  it('CloudStack counts by command, from the query string or the form body', async () => {
    const sim = await started(startCloudStackSimulator());

    await cloudstack(sim, 'listZones');
    await cloudstack(sim, 'listZones', {}, 'POST');
    await cloudstack(sim, 'listTemplates', { templatefilter: 'featured' }, 'POST');
    await fetch(`${sim.url}/elsewhere`);

    expect(sim.requests.count('listZones')).toBe(2);
    expect(sim.requests.count('listTemplates')).toBe(1);
    expect(sim.requests.count('deployVirtualMachine')).toBe(0);
    expect(sim.requests.count('GET /elsewhere')).toBe(1);
    expect(sim.requests.count(/^list/)).toBe(3);
    expect(sim.requests.total).toBe(4);
    expect(sim.requests.count()).toBe(4);
    expect(sim.requests.byOperation()).toEqual({ listZones: 2, listTemplates: 1, 'GET /elsewhere': 1 });
  });

  it('counts a request that a fault dropped: "sent exactly once" is visible', async () => {
    const sim = await started(startCloudStackSimulator());
    sim.faults.add({ kind: 'drop', times: 1 });

    await expect(cloudstack(sim, 'deployVirtualMachine', { zoneid: 'x' })).rejects.toThrow();

    expect(sim.requests.count('deployVirtualMachine')).toBe(1);
    sim.requests.reset();
    expect(sim.requests.total).toBe(0);
    expect(sim.requests.byOperation()).toEqual({});
  });

  it('OpenNebula counts by XML-RPC method', async () => {
    const sim = await started(startOpenNebulaSimulator());

    await rpc(sim.endpoint, 'one.system.version', sim.credentials.session);
    await rpc(sim.endpoint, 'one.vmpool.info', sim.credentials.session, -2, -1, -1, -1);
    await rpc(sim.endpoint, 'one.vmpool.info', sim.credentials.session, -2, -1, -1, -1);

    expect(sim.requests.byOperation()).toEqual({ 'one.system.version': 1, 'one.vmpool.info': 2 });
    expect(sim.requests.count((operation) => operation.startsWith('one.vm'))).toBe(2);
  });

  it('oVirt counts by METHOD and path', async () => {
    const sim = await started(startOvirtSimulator());
    const token = await signIn(sim);

    await call(sim, token, 'GET', '/vms');
    await call(sim, token, 'GET', '/vms', undefined, { search: 'name=web01' });

    expect(sim.requests.count('POST /ovirt-engine/sso/oauth/token')).toBe(1);
    expect(sim.requests.count('GET /ovirt-engine/api/vms')).toBe(2);
  });
});

describe('defineSimulator', () => {
  const hello = defineSimulator<
    ProviderSimulatorOptions<{ token: string }> & { greeting?: string },
    { token: string },
    { readonly greeting: string }
  >({
    name: 'hello',
    description: 'says hello to a bearer',
    apiPath: '/api',
    defaultCredentials: { token: 'fixture-token' },
    defaultTransitionMs: 5,
    operationOf: (request) => request.query.get('op') ?? undefined,
    setup: ({ options, credentials }) => {
      const greeting = options.greeting ?? 'hello';
      return {
        handler: (request) =>
          credentials.some(({ token }) => request.headers.authorization === `Bearer ${token}`)
            ? { status: 200, body: greeting }
            : { status: 401 },
        reset: () => {},
        fields: () => ({ greeting }),
      };
    },
  });

  it('gives a custom simulator the uniform fields, options and counters', async () => {
    const sim: RunningProviderSimulator<{ token: string }> & { greeting: string } = await started(
      hello.start({ greeting: 'hi', latency: 1 }),
    );

    const response = await fetch(`${sim.endpoint}?op=greet`, {
      headers: { authorization: `Bearer ${sim.credentials.token}` },
    });

    expect(await response.text()).toBe('hi');
    expect(sim.endpoint).toBe(`${sim.url}/api`);
    expect(sim.transitionMs).toBe(5);
    expect(sim.greeting).toBe('hi');
    expect(sim.requests.count('greet')).toBe(1);
    expect(hello.definition.description).toBe('says hello to a bearer');
  });
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
type Json = any;

async function json(
  sim: RunningCloudStackSimulator,
  command: string,
  params: Record<string, string> = {},
): Promise<Json> {
  const { queryString } = signCloudStack({ command, params, ...sim.credentials });
  const body = (await (await fetch(`${sim.endpoint}?${queryString}`)).json()) as Record<string, unknown>;
  return body[`${command.toLowerCase()}response`];
}

async function listFirst(
  sim: RunningCloudStackSimulator,
  command: string,
  key: string,
  params: Record<string, string> = {},
): Promise<string> {
  const answer = await json(sim, command, params);
  return answer[key][0].id;
}

// Type-level: the old option names stay accepted.
const _legacy: CloudStackSimulatorOptions = { accounts: [DEFAULT_CLOUDSTACK_ACCOUNT], jobDuration: 1 };
void _legacy;
