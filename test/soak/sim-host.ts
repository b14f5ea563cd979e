/**
 * The simulator host: a child process running one provider simulator, so that the runner's
 * memory, handles and sockets are the clients' alone. It arms the fault mix and watches, per soak
 * call (the `x-soak-call` header), how many requests arrived and how many reached the handler.
 *
 * Two watcher rules sit among the fault rules and never inject anything (their `when` records
 * and answers false): the first sees every request; the second is placed after the faults that
 * keep the handler from running (reset, drop, 503) and before those that run it (truncate,
 * trickle), and the fault controller consults an outcome rule only while no outcome was chosen —
 * so the second watcher is consulted exactly for the requests the server executes.
 */
import { setMaxListeners } from 'node:events';
import type { FaultRule, RunningProviderSimulator, SimulatorRequest } from '@overcast/simulators';
import { startCloudStackSimulator } from '@overcast/simulators/cloudstack';
import { startEc2Simulator } from '@overcast/simulators/ec2';
import { startOpenNebulaSimulator } from '@overcast/simulators/opennebula';
import { startOpenStackSimulator } from '@overcast/simulators/openstack';
import { startOvirtSimulator } from '@overcast/simulators/ovirt';
import {
  CALL_HEADER,
  type CallTrace,
  FAULTS,
  type HostReport,
  type HostRequest,
  type ProviderName,
  type StartedSimulator,
} from './profile.js';

// The simulator's server sleeps on one AbortSignal per pending delay (its close signal), so a few
// hundred delayed answers trip Node's listener-leak warning; they are removed as the delays end.
setMaxListeners(0);

type Simulator = RunningProviderSimulator & { expireTokens?: () => void };

let sim: Simulator | undefined;
const traces = new Map<string, CallTrace>();
/** Every token seen so far; those seen before `expireTokens` are the expired ones. */
const tokensSeen = new Set<string>();
let expired: ReadonlySet<string> = new Set();
let injected: Record<string, number> = {};

async function start(provider: ProviderName, seed: number): Promise<StartedSimulator> {
  const common = {
    transitionMs: 20,
    latency: FAULTS.baseLatencyMs,
    faults: { seed, rules: [] },
    logger: { debug: () => {}, error: (...args: unknown[]) => console.error('[sim]', ...args) },
  };
  switch (provider) {
    case 'cloudstack':
      sim = await startCloudStackSimulator({ ...common, seed: { virtualMachines: 20 } });
      break;
    case 'opennebula':
      sim = await startOpenNebulaSimulator(common);
      break;
    case 'ovirt':
      sim = await startOvirtSimulator(common);
      break;
    case 'ec2':
      sim = await startEc2Simulator({ ...common, seed: { instances: 20 } });
      break;
    case 'openstack':
      // One region: the soak's clients talk to RegionOne only.
      sim = await startOpenStackSimulator({ ...common, regions: ['RegionOne'], seed: { servers: 20 } });
      break;
  }
  return { endpoint: sim.endpoint, credentials: { ...(sim.credentials as Record<string, string>) } };
}

/** The trace of the request's soak call, if it carries one. */
function traceOf(request: SimulatorRequest): CallTrace | undefined {
  const id = request.headers[CALL_HEADER];
  if (typeof id !== 'string') return undefined;
  let trace = traces.get(id);
  if (trace === undefined) {
    trace = [];
    traces.set(id, trace);
  }
  return trace;
}

/** The request's token: oVirt's bearer token, OpenStack's `X-Auth-Token`; '' without one. */
function tokenOf(request: SimulatorRequest): string {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7);
  const token = request.headers['x-auth-token'];
  return typeof token === 'string' ? token : '';
}

/** Each request's record, for the second watcher (the controller hands both the same object). */
const pending = new WeakMap<SimulatorRequest, { executed: boolean }>();

function arm(running: Simulator): void {
  const rules: FaultRule[] = [
    {
      kind: 'latency',
      ms: 0,
      when: (request) => {
        const token = tokenOf(request);
        if (token !== '') tokensSeen.add(token);
        const record = { token, stale: expired.has(token), executed: false };
        traceOf(request)?.push(record);
        pending.set(request, record);
        return false;
      },
    },
    { kind: 'latency', ms: FAULTS.spike.ms, probability: FAULTS.spike.probability },
    { kind: 'latency', ms: FAULTS.stall.ms, probability: FAULTS.stall.probability },
    { kind: 'reset', probability: FAULTS.reset },
    { kind: 'drop', probability: FAULTS.drop },
    { kind: 'error', status: 503, probability: FAULTS.unavailable },
    {
      kind: 'error',
      when: (request) => {
        const record = pending.get(request);
        if (record) record.executed = true;
        return false;
      },
    },
    { kind: 'truncate', probability: FAULTS.truncate },
    {
      kind: 'trickle',
      bytes: FAULTS.trickleSlow.bytes,
      everyMs: FAULTS.trickleSlow.everyMs,
      probability: FAULTS.trickleSlow.probability,
    },
    {
      kind: 'trickle',
      bytes: FAULTS.trickleOk.bytes,
      everyMs: FAULTS.trickleOk.everyMs,
      probability: FAULTS.trickleOk.probability,
    },
  ];
  for (const rule of rules) running.faults.add(rule);
}

async function handle(message: HostRequest): Promise<unknown> {
  if (message.type === 'start') return start(message.provider, message.seed);
  const running = sim;
  if (running === undefined) throw new Error('no simulator started');
  switch (message.type) {
    case 'arm':
      running.requests.reset();
      arm(running);
      return null;
    case 'disarm':
      injected = { ...running.faults.injected };
      running.faults.clear();
      return null;
    case 'expireTokens':
      if (running.expireTokens === undefined) throw new Error('this simulator has no tokens to expire');
      expired = new Set(tokensSeen);
      running.expireTokens();
      return null;
    case 'report': {
      return {
        operations: running.requests.byOperation(),
        traces: Object.fromEntries(traces),
        injected,
      } satisfies HostReport;
    }
    case 'close':
      await running.close();
      sim = undefined;
      return null;
  }
}

process.on('message', (raw) => {
  const { id, request } = raw as { id: number; request: HostRequest };
  handle(request).then(
    (result) => process.send?.({ id, result }),
    (error: unknown) => process.send?.({ id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => {
  void sim?.close().finally(() => process.exit(0));
  if (sim === undefined) process.exit(0);
});
process.send?.({ id: 0, result: 'ready' });
