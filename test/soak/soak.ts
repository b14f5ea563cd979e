/**
 * The soak: each provider's client against its simulator under seeded faults, many calls in
 * flight, then the checks of issue #12 ("Reliability under load and faults"). Run from the
 * repository root after `npx turbo run build`:
 *
 *   npm run soak [-- --calls N --concurrency C --clients K --seed S --providers cloudstack,ovirt]
 *
 * Exits 0 when no invariant was violated, 1 otherwise (every violation is printed), 2 on a usage
 * error or a failure of the soak itself.
 */
import { ApiError, ConnectionError, OvercastError, TimeoutError } from '@overcast/runtime';
import { SimHost } from './host.js';
import {
  CALL_HEADER,
  type CallTrace,
  CLIENT_SETTINGS,
  callBudgetMs,
  FAULTS,
  type HostReport,
  IDLE_MS,
  MAX_SERVER_DELAY_MS,
  PROVIDERS,
  type ProviderName,
  type StartedSimulator,
  TOLERANCE,
} from './profile.js';
import { SOAK_PROVIDERS, type SoakCallOptions, type SoakClient, type Started } from './providers.js';
import { printReport } from './report.js';
import { formatHandles, hasGc, type ResourceSample, sample } from './resources.js';

export type CallKind = 'read' | 'create' | 'action';

export interface Options {
  calls: number;
  concurrency: number;
  clients: number;
  seed: number;
  providers: ProviderName[];
  watchdogMs: number;
}

export interface CallRecord {
  id: string;
  index: number;
  kind: CallKind;
  op: string;
  client: number;
  /** The unique name of a create. */
  name?: string;
  target?: string;
  startedAt: number;
  endedAt: number;
  outcome: 'ok' | 'failed' | 'hang';
  value?: unknown;
  error?: unknown;
}

/** A broken invariant: `rule` names it (calls breaking the same rule are summed up), `text` tells the case. */
export interface Violation {
  provider: ProviderName;
  rule: string;
  text: string;
}

export interface ProviderResult {
  provider: ProviderName;
  records: CallRecord[];
  report: HostReport;
  names: string[];
  samples: ResourceSample[];
  baseline: ResourceSample;
  /** Taken once the calls were over and idle sockets had time to close, the clients still open. */
  idle: ResourceSample;
  afterClose: ResourceSample;
  durationMs: number;
  soakMs: number;
  violations: Violation[];
  stats: Stats;
}

export interface Stats {
  calls: Record<CallKind, number>;
  ok: Record<CallKind, number>;
  failed: Record<CallKind, number>;
  typedFailed: Record<CallKind, number>;
  hangs: number;
  untyped: number;
  /** Typed failures: label (`Class/stage` or `Class(status)`) → counts per kind. */
  failures: Map<string, Record<CallKind, number>>;
  latencyMs: { p50: number; p99: number; max: number };
  /** Calls completed per second in each fifth of the run. */
  throughput: number[];
  readRequestsAtSim: number;
  readRetriesSeen: number;
  maxReadSends: number;
  writeCalls: number;
  writeRequestsAtSim: number;
  resends401: number;
  maxWriteSends: number;
  createdPresent: number;
  lost: number;
  duplicates: number;
  /** Create failures by what the client reported, and whether the VM turned out present. */
  createFailures: Record<string, { present: number; absent: number }>;
  /** Action failures by what the client reported, and whether the server executed the request. */
  actionFailures: Record<string, { executed: number; notExecuted: number }>;
  /** The sum over the clients of each one's most calls in flight at once. */
  peakInFlightSum: number;
  socketLimit: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    calls: 600,
    concurrency: 200,
    clients: 10,
    seed: 1,
    providers: [...PROVIDERS],
    watchdogMs: Math.max(15_000, 2 * callBudgetMs()),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const integer = (min: number) => {
      const text = value();
      const n = Number(text);
      if (!Number.isInteger(n) || n < min) usage(`${flag} must be an integer >= ${min}, not ${text}`);
      return n;
    };
    switch (flag) {
      case '--calls':
        options.calls = integer(1);
        break;
      case '--concurrency':
        options.concurrency = integer(1);
        break;
      case '--clients':
        options.clients = integer(1);
        break;
      case '--seed':
        options.seed = integer(0);
        break;
      case '--watchdog':
        options.watchdogMs = integer(1);
        break;
      case '--providers': {
        const names = value().split(',').filter(Boolean);
        for (const name of names) {
          if (!(PROVIDERS as readonly string[]).includes(name)) usage(`unknown provider ${name}`);
        }
        options.providers = names as ProviderName[];
        break;
      }
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

function usage(problem?: string): never {
  const text = `usage: npm run soak -- [--calls N] [--concurrency C] [--clients K] [--seed S]
                        [--providers ${PROVIDERS.join(',')}] [--watchdog MS]
  --calls        calls per provider (default 600)
  --concurrency  calls in flight at once (default 200)
  --clients      client instances sharing them (default 10)
  --seed         seed of the call mix and of the simulators' faults (default 1)
  --watchdog     outer deadline per call, ms; a call still pending then is a hang (default ${Math.max(15_000, 2 * callBudgetMs())})`;
  if (problem) {
    console.error(`soak: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

/** mulberry32: a small seeded generator, enough to make the call mix repeatable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Call `index`'s kind and the unique name it creates when it is a create, and its generator (to
 * draw the rest of the call from). Known before the run, so that setup can prepare what a create
 * needs (EC2's key pairs).
 */
function planned(seed: number, index: number): { random: () => number; kind: CallKind; name: string } {
  const random = seeded(seed * 1_000_003 + index);
  const roll = random();
  const kind: CallKind = roll < 0.6 ? 'read' : roll < 0.8 ? 'create' : 'action';
  return { random, kind, name: `soak-${seed}-${index}` };
}

const HANG = Symbol('hang');

async function soakProvider(providerName: ProviderName, options: Options): Promise<ProviderResult> {
  const provider = SOAK_PROVIDERS[providerName];
  const began = performance.now();
  const host = new SimHost();
  const violations: Violation[] = [];
  try {
    const sim = await host.request<StartedSimulator>({
      type: 'start',
      provider: providerName,
      seed: options.seed,
    });
    const createNames: string[] = [];
    for (let index = 0; index < options.calls; index++) {
      const { kind, name } = planned(options.seed, index);
      if (kind === 'create') createNames.push(name);
    }
    const targets = await provider.setup(sim, { createNames });
    const baseline = sample('baseline', 0);
    const clients: SoakClient[] = [];
    for (let i = 0; i < options.clients; i++) clients.push(provider.client(sim));
    await host.request({ type: 'arm' });

    const records: CallRecord[] = [];
    const samples: ResourceSample[] = [];
    const milestones = [0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.max(1, Math.round(f * options.calls)));
    const expireAt = provider.expiresTokens ? Math.floor(options.calls / 2) : -1;
    let completed = 0;
    let next = 0;
    let lastWriteEnd = 0;
    let lastEnd = 0;
    let inFlight = 0;
    const clientInFlight = clients.map(() => 0);
    const clientPeak = clients.map(() => 0);
    let paused: Promise<void> | undefined;
    let drained: (() => void) | undefined;
    const late: Promise<unknown>[] = [];
    const soakStart = performance.now();

    const runCall = async (index: number) => {
      const { random, kind, name: createName } = planned(options.seed, index);
      const clientIndex = index % clients.length;
      const client = clients[clientIndex] as SoakClient;
      const id = `${providerName}-${options.seed}-${index}`;
      const callOptions: SoakCallOptions = {
        timeout: CLIENT_SETTINGS.timeout,
        headers: { [CALL_HEADER]: id },
      };
      const target = targets[Math.floor(random() * targets.length)] ?? '0';
      const pick = random();
      const name = kind === 'create' ? createName : undefined;
      const startedAt = performance.now();
      inFlight += 1;
      clientInFlight[clientIndex] = (clientInFlight[clientIndex] ?? 0) + 1;
      clientPeak[clientIndex] = Math.max(clientPeak[clientIndex] ?? 0, clientInFlight[clientIndex] ?? 0);
      let started: Started;
      try {
        started =
          kind === 'read'
            ? client.read(pick, target, callOptions)
            : kind === 'create'
              ? client.create(name as string, callOptions)
              : client.action(target, pick, callOptions);
      } catch (error) {
        started = { op: `${kind} (threw synchronously)`, run: Promise.reject(error) };
      }
      const record: CallRecord = {
        id,
        index,
        kind,
        op: started.op,
        client: clientIndex,
        ...(name === undefined ? {} : { name }),
        ...(kind === 'read' ? {} : { target }),
        startedAt,
        endedAt: 0,
        outcome: 'ok',
      };
      records.push(record);
      let timer: NodeJS.Timeout | undefined;
      const watchdog = new Promise<typeof HANG>((resolve) => {
        timer = setTimeout(() => resolve(HANG), options.watchdogMs);
      });
      const settled = started.run.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const result = await Promise.race([settled, watchdog]);
      clearTimeout(timer);
      record.endedAt = performance.now();
      if (result === HANG) {
        record.outcome = 'hang';
        violations.push({
          provider: providerName,
          rule: `${article(kind)} hung: still pending when the watchdog fired`,
          text: `${kind} ${record.op} (call ${id}, client ${clientIndex}) still pending after the ${options.watchdogMs} ms watchdog (call deadline ${CLIENT_SETTINGS.timeout} ms)`,
        });
        late.push(settled);
      } else if (result.ok) {
        record.value = result.value;
        if (kind === 'create') {
          const created = provider.idOf(result.value);
          if (created !== undefined) targets.push(created);
        }
      } else {
        record.outcome = 'failed';
        record.error = result.error;
      }
      if (kind !== 'read') lastWriteEnd = Math.max(lastWriteEnd, record.endedAt);
      lastEnd = Math.max(lastEnd, record.endedAt);
      completed += 1;
      inFlight -= 1;
      clientInFlight[clientIndex] = (clientInFlight[clientIndex] ?? 1) - 1;
      // Half-way through, the calls drain and every token expires; the next calls of every client
      // meet a 401, re-authenticate and re-send. (Draining first makes each request's token state
      // certain: no request is in flight when the tokens change.)
      if (completed === expireAt) {
        paused = new Promise<void>((resolve) => {
          drained = resolve;
        }).then(() => host.request({ type: 'expireTokens' }).then(() => {}));
      }
      if (paused !== undefined && inFlight === 0) drained?.();
      if (milestones.includes(completed)) {
        samples.push(sample(`${Math.round((100 * completed) / options.calls)}%`, completed));
      }
    };

    const worker = async () => {
      for (;;) {
        if (paused !== undefined) await paused;
        const index = next++;
        if (index >= options.calls) return;
        await runCall(index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.calls) }, worker));
    const soakMs = performance.now() - soakStart;

    // Wait for the requests the server delayed past their client's deadline (they still run), and
    // long enough for idle keep-alive sockets to close; then the sockets must be back to the baseline.
    const wait = Math.max(lastWriteEnd + MAX_SERVER_DELAY_MS + 250, lastEnd + IDLE_MS) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const idle = sample('idle', completed);
    await host.request({ type: 'disarm' });
    // Before the clients close (closing an oVirt connection revokes its token).
    const report = await host.request<HostReport>({ type: 'report' });
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    await Promise.race([Promise.allSettled(late), new Promise((resolve) => setTimeout(resolve, 200))]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterClose = sample('closed', completed);
    const names = await provider.listNames(sim);
    await host.stop();

    records.sort((a, b) => a.index - b.index);
    const peakSum = clientPeak.reduce((sum, peak) => sum + peak, 0);
    const stats = check(
      providerName,
      options,
      records,
      report,
      names,
      samples,
      baseline,
      idle,
      afterClose,
      peakSum,
      violations,
    );
    return {
      provider: providerName,
      records,
      report,
      names,
      samples,
      baseline,
      idle,
      afterClose,
      durationMs: performance.now() - began,
      soakMs,
      violations,
      stats,
    };
  } catch (error) {
    await host.stop().catch(() => {});
    throw error;
  }
}

/** Statuses by which a server says it did not act on a request. */
const REFUSALS = new Set([401, 429, 503]);

interface Described {
  typed: boolean;
  label: string;
  stage: string | undefined;
  /** The HTTP status of the answer, when there was one (an API error, or a cut answer's head). */
  status: number | undefined;
  transport: boolean;
  /** A 503 answered by the fault layer (the server did not run the request). */
  unavailable: boolean;
  apiError: boolean;
}

function describe(error: unknown): Described {
  if (!(error instanceof OvercastError)) {
    const name = error instanceof Error ? error.constructor.name : typeof error;
    return {
      typed: false,
      label: `untyped ${name}`,
      stage: undefined,
      status: undefined,
      transport: false,
      unavailable: false,
      apiError: false,
    };
  }
  const transport = error instanceof ConnectionError || error instanceof TimeoutError;
  const stage = transport ? (error as ConnectionError | TimeoutError).stage : undefined;
  const status = (error as { status?: unknown }).status;
  const statusNumber = typeof status === 'number' ? status : undefined;
  const base =
    error instanceof ConnectionError
      ? 'ConnectionError'
      : error instanceof TimeoutError
        ? 'TimeoutError'
        : error.name;
  const label = transport
    ? `${base}/${stage ?? 'no stage'}`
    : typeof status === 'number'
      ? `${base}(${status})`
      : base;
  return {
    typed: true,
    label,
    stage,
    status: statusNumber,
    transport,
    unavailable: status === 503,
    apiError: error instanceof ApiError || typeof status === 'number',
  };
}

const article = (kind: CallKind) => (kind === 'action' ? 'an action' : `a ${kind}`);

const zero = (): Record<CallKind, number> => ({ read: 0, create: 0, action: 0 });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function check(
  providerName: ProviderName,
  options: Options,
  records: CallRecord[],
  report: HostReport,
  names: string[],
  samples: ResourceSample[],
  baseline: ResourceSample,
  idle: ResourceSample,
  afterClose: ResourceSample,
  peakSum: number,
  violations: Violation[],
): Stats {
  const provider = SOAK_PROVIDERS[providerName];
  const v = (rule: string, text: string) => violations.push({ provider: providerName, rule, text });
  const stats: Stats = {
    calls: zero(),
    ok: zero(),
    failed: zero(),
    typedFailed: zero(),
    hangs: 0,
    untyped: 0,
    failures: new Map(),
    latencyMs: { p50: 0, p99: 0, max: 0 },
    throughput: [],
    readRequestsAtSim: 0,
    readRetriesSeen: 0,
    maxReadSends: 0,
    writeCalls: 0,
    writeRequestsAtSim: 0,
    resends401: 0,
    maxWriteSends: 0,
    createdPresent: 0,
    lost: 0,
    duplicates: 0,
    createFailures: {},
    actionFailures: {},
    peakInFlightSum: peakSum,
    socketLimit:
      baseline.sockets +
      Math.ceil(options.concurrency * (1 + TOLERANCE.socketsOverConcurrency)) +
      TOLERANCE.socketsPerClient * options.clients,
  };
  const present = new Map<string, number>();
  for (const name of names) present.set(name, (present.get(name) ?? 0) + 1);
  const durations = records.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
  stats.latencyMs = {
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    max: durations.at(-1) ?? 0,
  };
  // Calls completed per second in each fifth of the run (by completion order): flat unless
  // something in the client slows down as calls accumulate.
  const ends = records.map((r) => r.endedAt).sort((a, b) => a - b);
  let previous = Math.min(...records.map((r) => r.startedAt));
  for (let fifth = 1; fifth <= 5; fifth++) {
    const from = Math.floor(((fifth - 1) * ends.length) / 5);
    const to = Math.floor((fifth * ends.length) / 5);
    const end = ends[to - 1] ?? previous;
    stats.throughput.push(end > previous ? ((to - from) * 1000) / (end - previous) : 0);
    previous = end;
  }
  const maxReadSends = 1 + CLIENT_SETTINGS.retry.retries;

  for (const record of records) {
    const { kind } = record;
    stats.calls[kind] += 1;
    const trace = report.traces[record.id] ?? [];
    const described = record.outcome === 'failed' ? describe(record.error) : undefined;
    const message = record.error instanceof Error ? `: "${record.error.message.slice(0, 200)}"` : '';
    const what = `${kind} ${record.op} (call ${record.id}${record.name ? `, name ${record.name}` : ''}${message})`;
    if (record.outcome === 'ok') stats.ok[kind] += 1;
    if (record.outcome === 'hang') stats.hangs += 1;
    if (described) {
      stats.failed[kind] += 1;
      const counts = stats.failures.get(described.label) ?? zero();
      counts[kind] += 1;
      stats.failures.set(described.label, counts);
      if (described.typed) stats.typedFailed[kind] += 1;
      else {
        stats.untyped += 1;
        const error = record.error;
        v(
          `${article(kind)} failed with an error that is not an OvercastError`,
          `${what} failed with an error that is not an OvercastError: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }

    // How often the call reached the server. Sends are grouped by token: a read may be sent
    // 1 + retries times per token, a write once; a second token is allowed only after a request
    // of the first was refused with 401 (it carried an expired token and reached the handler).
    const perSend = kind === 'read' ? maxReadSends : 1;
    const groups: CallTrace[] = [];
    for (const request of trace) {
      const group = groups.at(-1);
      if (group !== undefined && group[0]?.token === request.token) group.push(request);
      else groups.push([request]);
    }
    const refused = trace.filter((request) => request.stale && request.executed).length;
    const reauthenticated = groups.length === 2 && (groups[0] ?? []).some((r) => r.stale && r.executed);
    const sendRule = `a ${kind === 'read' ? `read may be sent ${maxReadSends} times` : 'write must be sent once'}${groups.length > 1 ? ', and once more after a 401 (with a new token)' : ''}`;
    if (groups.some((group) => group.length > perSend) || groups.length > (reauthenticated ? 2 : 1)) {
      v(
        `${article(kind)} reached the server more often than allowed`,
        `${what} reached the server ${trace.length} times (${groups.map((g) => g.length).join(' + ')} by token, ${refused} refused with 401); ${sendRule}`,
      );
    }

    if (kind === 'read') {
      stats.maxReadSends = Math.max(stats.maxReadSends, trace.length);
      stats.readRetriesSeen += Math.max(0, trace.length - 1 - (reauthenticated ? 1 : 0));
      continue;
    }

    stats.writeCalls += 1;
    if (reauthenticated) stats.resends401 += 1;
    stats.maxWriteSends = Math.max(stats.maxWriteSends, trace.length);
    const executed = trace.filter((request) => request.executed && !request.stale).length;
    const received = trace.length;

    let expectation: 'executed' | 'not executed' | 'unknown' = 'unknown';
    let reported = 'ok';
    if (record.outcome === 'ok') {
      expectation = 'executed';
    } else if (record.outcome === 'hang') {
      reported = 'hang';
    } else if (described) {
      reported = described.label;
      if (described.transport) {
        if (described.stage === undefined) {
          v(
            'a write failed with a transport error without stage',
            `${what} failed with ${described.label}: a transport failure of a write must say how far it got (stage)`,
          );
        } else if (described.stage === 'connect') expectation = 'not executed';
        else if (described.stage === 'response') {
          // The answer's head arrived: a refusal (401, 429, 503) says the server did not act.
          expectation = REFUSALS.has(described.status ?? 0) ? 'not executed' : 'executed';
        }
      } else if (described.unavailable) {
        expectation = 'not executed';
        reported = 'HTTP 503';
      } else if (described.apiError) {
        // The server answered with an error: it ran the request and refused it.
        expectation = 'executed';
        reported = 'API error';
      } else {
        // A decode error or similar: the server answered.
        expectation = 'executed';
      }
    }
    let flagged = false;
    if (expectation === 'executed' && executed !== 1) {
      flagged = true;
      const why =
        received === 0
          ? 'the request never reached the server'
          : refused > 0 && executed === 0
            ? 'the server never ran it (its one request was refused with 401: expired token)'
            : executed > 1
              ? `the server ran it ${executed} times`
              : 'the server never ran it';
      v(
        `${article(kind)} reported as ${reported === 'ok' ? 'succeeded' : `failed with ${reported}`}, but ${why}`,
        `${what} was reported as ${reported === 'ok' ? 'succeeded' : `failed (${reported}), i.e. the server acted,`} but ${why} (received ${received}, executed ${executed}, refused with 401 ${refused})`,
      );
    }
    if (expectation === 'not executed' && executed !== 0) {
      flagged = true;
      v(
        `${article(kind)} failed with ${reported}, which says the server did not act, but it did`,
        `${what} failed with ${reported}, which says the server did not act, but it did (executed ${executed})`,
      );
    }

    if (kind === 'action') {
      if (record.outcome === 'failed') {
        const entry = stats.actionFailures[reported] ?? { executed: 0, notExecuted: 0 };
        stats.actionFailures[reported] = entry;
        if (executed > 0) entry.executed += 1;
        else entry.notExecuted += 1;
      }
      continue;
    }

    // Creates: compare with the final state.
    const count = present.get(record.name as string) ?? 0;
    if (count > 1) {
      stats.duplicates += 1;
      v('a create was duplicated', `${what}: ${count} VMs carry this name at the end (duplicated)`);
    }
    if (record.outcome === 'ok') {
      if (count === 0) {
        stats.lost += 1;
        v('a create was lost', `${what} succeeded, but no VM carries its name at the end (lost)`);
      } else stats.createdPresent += 1;
      continue;
    }
    const entry = stats.createFailures[reported] ?? { present: 0, absent: 0 };
    stats.createFailures[reported] = entry;
    if (count > 0) entry.present += 1;
    else entry.absent += 1;
    // The state, beside the trace: reported once per call (the trace's finding, when it has one).
    if (flagged) continue;
    if (expectation === 'not executed' && count > 0)
      v(
        `a create failed with ${reported}, yet its VM exists`,
        `${what} failed with ${reported}, yet its VM exists at the end`,
      );
    // The server ran it and answered an error (whole, or cut after a 4xx head): no VM either way.
    const status = described?.status ?? 0;
    const refusedByServer =
      reported === 'API error' ||
      (described?.stage === 'response' && status >= 400 && status < 500 && !REFUSALS.has(status));
    if (expectation === 'executed' && count === 0 && !refusedByServer) {
      v(
        `a create failed with ${reported} (the server acted), yet its VM is absent`,
        `${what} failed with ${reported} (the server acted), yet no VM carries its name at the end`,
      );
    }
    if (refusedByServer && count > 0)
      v(
        'a create was refused by the server, yet its VM exists',
        `${what} was refused by the server${reported === 'API error' ? '' : ` (${reported}, status ${status})`}, yet its VM exists at the end`,
      );
  }

  // The simulator's own counters: write requests received ≤ user write calls (+ 401 re-sends).
  for (const [operation, count] of Object.entries(report.operations)) {
    if (provider.isWrite(operation)) stats.writeRequestsAtSim += count;
    if (provider.isRead(operation)) stats.readRequestsAtSim += count;
  }
  if (stats.writeRequestsAtSim > stats.writeCalls + stats.resends401) {
    v(
      'the simulator received more write requests than write calls',
      `the simulator received ${stats.writeRequestsAtSim} write requests for ${stats.writeCalls} write calls (+${stats.resends401} re-sends after a 401)`,
    );
  }

  // Memory and sockets.
  const [warm, ...later] = samples;
  if (warm !== undefined) {
    const peak = Math.max(...later.map((s) => s.rssMb), warm.rssMb);
    if (peak - warm.rssMb >= TOLERANCE.rssGrowthMb) {
      v(
        'memory grew',
        `RSS grew by ${(peak - warm.rssMb).toFixed(1)} MB after warm-up (tolerance ${TOLERANCE.rssGrowthMb} MB)`,
      );
    }
  }
  for (const s of samples) {
    if (s.sockets > stats.socketLimit) {
      v(
        'too many sockets open during the calls',
        `${s.sockets} sockets open at ${s.label} of the calls (limit ${stats.socketLimit}: ${baseline.sockets} at the baseline + ${options.concurrency} in flight + ${Math.round(100 * TOLERANCE.socketsOverConcurrency)} % + ${TOLERANCE.socketsPerClient} per client)`,
      );
    }
  }
  if (idle.sockets > baseline.sockets + TOLERANCE.idleSockets) {
    v(
      'sockets still open once idle',
      `${idle.sockets} sockets still open ${IDLE_MS / 1000} s after the last call, the clients idle (${formatHandles(idle.tcpStates)}); baseline ${baseline.sockets}, tolerance +${TOLERANCE.idleSockets}: keep-alive sockets are not being let go`,
    );
  }
  const tcp = (s: ResourceSample) => s.handles['TCPSocketWrap'] ?? 0;
  if (tcp(afterClose) > tcp(baseline) || afterClose.sockets > baseline.sockets) {
    v(
      'sockets left open after close()',
      `after the clients closed, ${afterClose.sockets} sockets (${tcp(afterClose)} TCP handles) remain open; before they were made: ${baseline.sockets} (${tcp(baseline)})`,
    );
  }
  if (afterClose.handleTotal > baseline.handleTotal + TOLERANCE.handlesAfterClose) {
    v(
      'handles left after close()',
      `after the clients closed, ${afterClose.handleTotal} active handles (${formatHandles(afterClose.handles)}); before: ${baseline.handleTotal} (${formatHandles(baseline.handles)}); tolerance +${TOLERANCE.handlesAfterClose}`,
    );
  }
  return stats;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  console.log(
    `soak: ${options.calls} calls per provider (60% reads, 20% creates, 20% actions), ${options.concurrency} in flight over ${options.clients} clients, seed ${options.seed}`,
  );
  console.log(
    `      clients: retry ${JSON.stringify(CLIENT_SETTINGS.retry)}, timeout ${CLIENT_SETTINGS.timeout} ms per call, http.lowSpeed ${JSON.stringify(CLIENT_SETTINGS.lowSpeed)}; watchdog ${options.watchdogMs} ms`,
  );
  console.log(
    `      faults per request: reset ${FAULTS.reset}, drop ${FAULTS.drop}, 503 ${FAULTS.unavailable}, truncate ${FAULTS.truncate}, trickle too slow ${FAULTS.trickleSlow.probability}, trickle slow-but-ok ${FAULTS.trickleOk.probability}, latency spike ${FAULTS.spike.probability} (${FAULTS.spike.ms.join('-')} ms), stall past the deadline ${FAULTS.stall.probability} (${FAULTS.stall.ms.join('-')} ms)${hasGc ? '' : '\n      (no --expose-gc: RSS samples are taken without forcing a collection)'}`,
  );
  const results: ProviderResult[] = [];
  for (const provider of options.providers) {
    process.stdout.write(`soak: ${provider}…`);
    const result = await soakProvider(provider, options);
    process.stdout.write(` ${(result.durationMs / 1000).toFixed(1)} s\n`);
    results.push(result);
  }
  printReport(results, options, performance.now() - started);
  const violations = results.flatMap((r) => r.violations);
  if (violations.length > 0) {
    console.log(`\nsoak: ${violations.length} violation${violations.length === 1 ? '' : 's'}:`);
    // Many calls may break the same rule: each rule once, with its count and its first cases.
    const byRule = new Map<string, Violation[]>();
    for (const violation of violations) {
      const key = `${violation.provider}: ${violation.rule}`;
      byRule.set(key, [...(byRule.get(key) ?? []), violation]);
    }
    for (const [rule, cases] of byRule) {
      console.log(`  ✗ ${rule} (${cases.length}${cases.length === 1 ? '' : ' times'})`);
      for (const { text } of cases.slice(0, 3)) console.log(`      ${text}`);
      if (cases.length > 3) console.log(`      … and ${cases.length - 3} more`);
    }
    process.exitCode = 1;
  } else {
    console.log('\nsoak: no violation');
  }
}

main().catch((error: unknown) => {
  console.error('soak: the soak itself failed:', error);
  process.exit(2);
});
