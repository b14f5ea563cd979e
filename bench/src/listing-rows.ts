/**
 * Turning listing runs into table rows: what counts as a failed run, medians, and the figures
 * every listing row notes.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { ListingResult } from './listing-runs.js';
import { median } from './measure.js';

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
export const mib = (kib: number): number => round(kib / 1024, 1);
export const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
/** `a / b / c`, rounded. */
export const each = (values: readonly number[], digits = 0): string =>
  values.map((value) => round(value, digits)).join(' / ');

export function load(): string {
  return `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
}

/**
 * Why `run` does not count as a listing of `expected` typed items: its error, a short count, or a
 * field read as text; `undefined` when it does.
 */
export function runFailure(
  run: ListingResult,
  expected: number,
  typedAs: readonly string[],
): string | undefined {
  if (run.error !== undefined) return tableText(run.error);
  if (run.count !== expected) return `listed ${run.count} items, not ${expected}`;
  if (!typedAs.includes(run.typed ?? ''))
    return `read a typed field as ${run.typed}, not ${typedAs.join(' or ')}`;
  return undefined;
}

/** A message fit for one markdown table cell: one line, no column separator, not too long. */
export function tableText(message: string): string {
  const line = message.replace(/\s+/g, ' ').replaceAll('|', '\\|');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** Median milliseconds and peak RSS of `runs`. */
export function medians(runs: readonly ListingResult[]): { ms: number; peakMiB: number; beforeMiB: number } {
  return {
    ms: median(runs.map((run) => run.ms)),
    peakMiB: mib(median(runs.map((run) => run.peakRssKiB))),
    beforeMiB: mib(median(runs.map((run) => run.rssBeforeKiB))),
  };
}
