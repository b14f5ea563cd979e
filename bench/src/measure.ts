/** What every benchmark reports, and the timing helpers they share. */

/** One measured row. Throughput is computed from the best run; the median is kept alongside. */
export interface BenchResult {
  /** Which benchmark produced the row (`xml`, …). */
  bench: string;
  /** The candidate measured, with how it was configured. */
  name: string;
  /** What was parsed. */
  input: string;
  /** Input size in MB (10^6 bytes of UTF-8). */
  megabytes: number;
  runs: number;
  bestMs: number;
  medianMs: number;
  /** Megabytes per second over the best run. */
  mbPerSecond: number;
  /**
   * Megabytes per second of this process's CPU time (GC threads included) over its cheapest run:
   * steadier than wall-clock time when other processes compete for the cores.
   */
  mbPerCpuSecond: number;
  /** `mbPerSecond` divided by that of the fastest raw parser measured in the same run. */
  ratioToFastestRaw: number;
  /** Refuses or ignores DTD entities (checked by the bench itself), when that applies. */
  safe?: boolean;
  /** Rejects malformed documents (checked by the bench itself), when that applies. */
  strict?: boolean;
  notes?: string;
}

/**
 * One figure of a provider benchmark: a value, and where it compares with a baseline measured in
 * the same run, that baseline and the ratio.
 */
export interface MetricRow {
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
  note?: string;
  /**
   * Set when the measured call failed: what it failed with. `value` is then NaN (null in JSON), as
   * it is for a figure derived from a failed one (shown as n/a, the note says why).
   */
  failure?: string;
}

/** Milliseconds `run` takes. */
export function timeMs(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The wall-clock and CPU milliseconds one call of `run` takes. */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export function time(run: () => unknown): Timing {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A markdown table of `results`. */
export function markdownTable(results: readonly BenchResult[]): string {
  const yesNo = (flag: boolean | undefined) => (flag === undefined ? '—' : flag ? 'yes' : 'no');
  const lines = [
    '| bench | candidate | input | MB | MB/s (best) | ms best / median | × fastest raw | MB/CPU-s | safe | strict | notes |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | :---: | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.bench} | ${r.name} | ${r.input} | ${r.megabytes.toFixed(1)} | ${r.mbPerSecond.toFixed(1)} | ` +
        `${r.bestMs.toFixed(0)} / ${r.medianMs.toFixed(0)} | ${r.ratioToFastestRaw.toFixed(2)} | ` +
        `${r.mbPerCpuSecond.toFixed(1)} | ${yesNo(r.safe)} | ` +
        `${yesNo(r.strict)} | ${r.notes ?? ''} |`,
    );
  }
  return lines.join('\n');
}
