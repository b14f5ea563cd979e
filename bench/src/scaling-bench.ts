/**
 * How our OpenNebula and oVirt clients scale with the size of a listing: 1,000, 10,000 and
 * 50,000 full VMs (`one.vmpool.infoextended(-2, -1, -1, -1)`, `vmsService().list()`), one fresh
 * process per size, from a local server answering pre-built bytes (listing-runs.ts). Each size
 * gives the body's bytes, the call's time and the process's peak RSS (VmHWM); derived: the time
 * at 50k over the time at 10k (5 is linear), and the peak RSS gained per body byte from 10k to
 * 50k. The default clients first (a size the default limits refuse is a row saying so), then the
 * same with `http.maxResponseSize` raised to 1 GiB, so that the derived figures exist either way.
 */

import { load, mb, mib, round, runFailure } from './listing-rows.js';
import {
  type ListingJob,
  type ListingResult,
  type Provider,
  runListing,
  startListingServer,
} from './listing-runs.js';
import type { MetricRow } from './measure.js';

const SIZES = [1_000, 10_000, 50_000] as const;
const RAISED_LIMIT = 2 ** 30;

const PROVIDERS: readonly { provider: Provider; call: string; typedAs: string }[] = [
  { provider: 'opennebula', call: 'one.vmpool.infoextended(-2, -1, -1, -1)', typedAs: 'number' },
  { provider: 'ovirt', call: 'connection.systemService().vmsService().list()', typedAs: 'Date' },
];

const VARIANTS: readonly { label: string; options?: ListingJob['options'] }[] = [
  { label: 'default client' },
  { label: 'http.maxResponseSize 1 GiB', options: { http: { maxResponseSize: RAISED_LIMIT } } },
];

/** One size's run with one variant. */
interface SizeRun {
  vms: number;
  bodyBytes: number;
  run: ListingResult;
  failure: string | undefined;
}

export async function runScalingBench(): Promise<MetricRow[]> {
  const rows: MetricRow[] = [];
  for (const { provider, call, typedAs } of PROVIDERS) {
    const runs: SizeRun[][] = VARIANTS.map(() => []);
    // One server per size (its answer built once), every variant against it.
    for (const vms of SIZES) {
      const { server, job, bodyBytes } = await startListingServer(provider, vms);
      try {
        for (const [i, variant] of VARIANTS.entries()) {
          const run = await runListing('ours', variant.options ? { ...job, options: variant.options } : job);
          runs[i]?.push({ vms, bodyBytes, run, failure: runFailure(run, vms, [typedAs]) });
        }
      } finally {
        await server.close();
      }
    }
    for (const [i, variant] of VARIANTS.entries()) {
      rows.push(...sizeRows(`${provider}: ${call}, ${variant.label}`, runs[i] ?? []));
    }
  }
  return rows;
}

function sizeRows(what: string, runs: readonly SizeRun[]): MetricRow[] {
  const rows: MetricRow[] = runs.map(({ vms, bodyBytes, run, failure }) => {
    const name = `${what}: ${vms.toLocaleString('en')} VMs, ${bodyBytes} bytes (${mb(bodyBytes)} MB)`;
    const memory = `peak RSS ${mib(run.peakRssKiB)} MiB (${mib(run.rssBeforeKiB)} before the call)`;
    return failure === undefined
      ? {
          name,
          value: Math.round(run.ms),
          unit: 'ms',
          note: `${memory}; CPU ${Math.round(run.cpuMs)} ms; ${load()}`,
        }
      : { name, value: Number.NaN, unit: 'ms', failure, note: `after ${Math.round(run.ms)} ms; ${memory}` };
  });
  const at = (vms: number) => runs.find((run) => run.vms === vms);
  const [small, large] = [at(10_000), at(50_000)];
  const missing = [small, large]
    .filter((run) => run === undefined || run.failure !== undefined)
    .map((run) => `${run?.vms.toLocaleString('en') ?? 'a size'} VMs failed`);
  const derived = (
    name: string,
    unit: string,
    value: (s: SizeRun, l: SizeRun) => number,
    note: (s: SizeRun, l: SizeRun) => string,
  ) =>
    small === undefined || large === undefined || missing.length > 0
      ? { name, value: Number.NaN, unit, note: `n/a: ${missing.join(', ')}` }
      : { name, value: round(value(small, large), 3), unit, note: note(small, large) };
  rows.push(
    derived(
      `${what}: time at 50,000 VMs / time at 10,000`,
      '×',
      (s, l) => l.run.ms / s.run.ms,
      (s, l) => `5 is linear in the VM count; CPU time 50k / 10k: ${round(l.run.cpuMs / s.run.cpuMs)}`,
    ),
    derived(
      `${what}: peak RSS gained per body byte, 10,000 → 50,000 VMs`,
      'bytes/byte',
      (s, l) => ((l.run.peakRssKiB - s.run.peakRssKiB) * 1024) / (l.bodyBytes - s.bodyBytes),
      () => '(peak RSS at 50k − peak RSS at 10k) / (body bytes at 50k − body bytes at 10k)',
    ),
  );
  return rows;
}
