/**
 * Our clients beside their Python peers (issue #15), on this machine, in the same run: listing
 * 10,000 VMs through each library's public API with default options, from a local server
 * answering the same pre-built bytes to both (listing-runs.ts):
 *
 * - oVirt: `connection.systemService().vmsService().list()` vs ovirtsdk4's
 *   `system_service().vms_service().list()` (one `<vms>` answer of full VMs);
 * - OpenNebula: `one.vmpool.infoextended(-2, -1, -1, -1)` vs pyone's (one XML-RPC answer of full
 *   VMs); ours also with `http.maxResponseSize` raised to 1 GiB, since the default limit refuses
 *   answers this large today: a failing run is a row saying so, not the end of the bench;
 * - CloudStack: `listVirtualMachines` with `fetchList` vs Debian's cs `fetch_list=True`, 20 pages
 *   of 500, each answered 200 ms late; the server counts how many pages each client asks at once.
 *
 * Every run is a fresh process; after one untimed run of each, {@link ROUNDS} rounds of one run
 * per contender, the order rotating. Figures: the call's wall time (× = median of the rounds'
 * peer/ours) and each process's peak RSS, VmHWM (× = median of the rounds' ours/peer).
 */

import { each, load, mb, medians, round, runFailure } from './listing-rows.js';
import {
  type ListingJob,
  type ListingResult,
  type Provider,
  runListing,
  type Side,
  startListingServer,
} from './listing-runs.js';
import { type MetricRow, median } from './measure.js';
import type { PayloadServer, ServerStats } from './payload-server.js';
import { alternatingRounds } from './peer-runs.js';

const VMS = 10_000;
const ROUNDS = 3;
const RAISED_LIMIT = 2 ** 30;

interface Workload {
  provider: Provider;
  /** Our call, as the row names it. */
  ours: string;
  /** The peer's call. */
  peer: string;
  /** What the typed field of the first item may be read as (ours, the peer's). */
  typedAs: readonly string[];
  /** Milliseconds the server waits before each answer. */
  delayMs?: number;
  /** Also run ours with `http.maxResponseSize` raised to 1 GiB. */
  raisedLimit?: boolean;
}

const WORKLOADS: readonly Workload[] = [
  {
    provider: 'ovirt',
    ours: '@overcast/ovirt connection.systemService().vmsService().list()',
    peer: 'connection.system_service().vms_service().list()',
    typedAs: ['Date', 'datetime'],
  },
  {
    provider: 'opennebula',
    ours: '@overcast/opennebula one.vmpool.infoextended(-2, -1, -1, -1)',
    peer: 'one.vmpool.infoextended(-2, -1, -1, -1)',
    typedAs: ['number', 'int'],
    raisedLimit: true,
  },
  {
    provider: 'cloudstack',
    ours: '@overcast/cloudstack cs.listVirtualMachines({}, { fetchList: true })',
    peer: 'cs.listVirtualMachines(fetch_list=True)',
    typedAs: ['number', 'int'],
    delayMs: 200,
  },
];

type Contender = 'ours' | 'oursRaised' | 'peer';

/** One run and what the server saw during it. */
interface Measured {
  run: ListingResult;
  stats: ServerStats;
}

export async function runPeersBench(): Promise<MetricRow[]> {
  const rows: MetricRow[] = [];
  for (const workload of WORKLOADS) rows.push(...(await compare(workload)));
  return rows;
}

async function compare(workload: Workload): Promise<MetricRow[]> {
  const { server, job, bodyBytes } = await startListingServer(
    workload.provider,
    VMS,
    workload.delayMs === undefined ? {} : { delayMs: workload.delayMs },
  );
  try {
    const contenders: Partial<Record<Contender, () => Promise<Measured>>> = {
      ours: () => measured(server, 'ours', job),
      peer: () => measured(server, 'peer', job),
    };
    if (workload.raisedLimit) {
      const raised = { ...job, options: { http: { maxResponseSize: RAISED_LIMIT } } };
      contenders.oursRaised = () => measured(server, 'ours', raised);
    }
    // One untimed run of each: the page cache holds both libraries, the server has every page built.
    for (const run of Object.values(contenders)) await run?.();
    const rounds = await alternatingRounds(ROUNDS, contenders as Record<Contender, () => Promise<Measured>>);
    const table = new Comparison(workload, rounds, bodyBytes);
    return [
      ...table.rows('ours', ''),
      ...(workload.raisedLimit ? table.rows('oursRaised', ', http.maxResponseSize 1 GiB') : []),
    ];
  } finally {
    await server.close();
  }
}

async function measured(server: PayloadServer, side: Side, job: ListingJob): Promise<Measured> {
  await server.stats();
  const run = await runListing(side, job);
  return { run, stats: await server.stats() };
}

/** The rows of one workload: ours (or a variant of ours) against the peer, round by round. */
class Comparison {
  readonly #peerRuns: ListingResult[];
  readonly #peerFailure: string | undefined;
  readonly #peerName: string;

  constructor(
    private readonly workload: Workload,
    private readonly rounds: readonly Partial<Record<Contender, Measured>>[],
    private readonly bodyBytes: number,
  ) {
    this.#peerRuns = this.#runs('peer');
    this.#peerFailure = this.#failure(this.#peerRuns);
    this.#peerName = `${this.#peerRuns.find((run) => run.version !== undefined)?.version ?? 'the peer'} ${workload.peer}`;
  }

  rows(contender: Contender, variant: string): MetricRow[] {
    const { workload } = this;
    const ours = this.#runs(contender);
    const oursFailure = this.#failure(ours);
    const peerFailure = this.#peerFailure;
    const peer = this.#peerRuns;
    const latency = workload.delayMs === undefined ? '' : `, ${workload.delayMs} ms per answer`;
    const what = `${VMS.toLocaleString('en')} VMs, ${mb(this.bodyBytes)} MB${latency}`;
    const name = `${workload.provider}: ${workload.ours}${variant}, ${what}`;
    const runs = `${ROUNDS} rounds, fresh processes, order rotating; ${load()}`;
    const baseline =
      peerFailure === undefined
        ? `${this.#peerName}, median ${Math.round(medians(peer).ms)} ms`
        : `${this.#peerName} fails: ${peerFailure}`;
    if (oursFailure !== undefined) {
      const failed = ours.filter((run) => runFailure(run, VMS, workload.typedAs) !== undefined).length;
      return [
        {
          name,
          value: Number.NaN,
          unit: 'ms',
          failure: oursFailure,
          baseline,
          note: `${failed} of ${ROUNDS} runs failed, after ${each(ours.map((r) => r.ms))} ms, peak RSS ${each(
            ours.map((r) => r.peakRssKiB / 1024),
            1,
          )} MiB; ${runs}`,
        },
      ];
    }
    const oursMedians = medians(ours);
    const time: MetricRow = {
      name,
      value: Math.round(oursMedians.ms),
      unit: 'ms',
      baseline,
      note: `ours ${each(ours.map((r) => r.ms))} ms (CPU ${each(ours.map((r) => r.cpuMs))} ms)${this.#paging(contender)}; ${runs}`,
    };
    if (peerFailure !== undefined) return [time];
    const speed = this.rounds.map((r) => (r.peer as Measured).run.ms / (r[contender] as Measured).run.ms);
    const memory = this.rounds.map(
      (r) => (r[contender] as Measured).run.peakRssKiB / (r.peer as Measured).run.peakRssKiB,
    );
    const peerMedians = medians(peer);
    time.ratio = round(median(speed));
    time.note =
      `× faster = median of the rounds' peer/ours (${each(speed, 2)}); ours ${each(ours.map((r) => r.ms))} ms ` +
      `(CPU ${each(ours.map((r) => r.cpuMs))}), peer ${each(peer.map((r) => r.ms))} ms ` +
      `(CPU ${each(peer.map((r) => r.cpuMs))})${this.#paging(contender)}; ${runs}`;
    return [
      time,
      {
        name: `${workload.provider}: peak RSS (VmHWM) of the process, ${workload.ours}${variant}, ${what}`,
        value: oursMedians.peakMiB,
        unit: 'MiB',
        baseline: `${this.#peerName}, median ${peerMedians.peakMiB} MiB`,
        ratio: round(median(memory)),
        note:
          `× = median of the rounds' ours/peer (${each(memory, 2)}); ours ${each(
            ours.map((r) => r.peakRssKiB / 1024),
            1,
          )} MiB ` +
          `(${oursMedians.beforeMiB} before the call), peer ${each(
            peer.map((r) => r.peakRssKiB / 1024),
            1,
          )} MiB ` +
          `(${peerMedians.beforeMiB} before the call)`,
      },
    ];
  }

  #runs(contender: Contender): ListingResult[] {
    return this.rounds.map((round) => (round[contender] as Measured).run);
  }

  #failure(runs: readonly ListingResult[]): string | undefined {
    for (const run of runs) {
      const failure = runFailure(run, VMS, this.workload.typedAs);
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  /** For a paged listing: how many requests each client made, and how many at once at most. */
  #paging(contender: Contender): string {
    if (this.workload.delayMs === undefined) return '';
    const seen = (c: Contender) => {
      const stats = this.rounds.map((round) => (round[c] as Measured).stats);
      return `${each(stats.map((s) => s.requests))} requests, at most ${each(stats.map((s) => s.peakInFlight))} at once`;
    };
    return `; the server saw ours make ${seen(contender)}, the peer ${seen('peer')}`;
  }
}
