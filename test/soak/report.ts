/** Prints the soak's results as plain-text tables, one column per provider. */
import { IDLE_MS, TOLERANCE } from './profile.js';
import { formatHandles } from './resources.js';
import type { CallKind, Options, ProviderResult } from './soak.js';

type Row = [label: string, ...cells: string[]];

const kinds = (counts: Record<CallKind, number>) => `${counts.read} / ${counts.create} / ${counts.action}`;

function table(title: string, header: string[], rows: Row[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [`\n${title}`, line(header), rule, ...rows.map((row) => line(row))].join('\n');
}

export function printReport(results: ProviderResult[], options: Options, totalMs: number): void {
  const header = ['', ...results.map((r) => r.provider)];
  const each = (cell: (r: ProviderResult) => string): string[] => results.map(cell);
  const mb = (n: number) => n.toFixed(0);
  const rows: Row[] = [
    ['calls (read / create / action)', ...each((r) => kinds(r.stats.calls))],
    ['ok', ...each((r) => kinds(r.stats.ok))],
    ['failed, typed', ...each((r) => kinds(r.stats.typedFailed))],
    ['failed, not an OvercastError', ...each((r) => String(r.stats.untyped))],
    ['hangs (watchdog fired)', ...each((r) => String(r.stats.hangs))],
    [
      'call ms p50 / p99 / max',
      ...each(
        (r) =>
          `${r.stats.latencyMs.p50.toFixed(0)} / ${r.stats.latencyMs.p99.toFixed(0)} / ${r.stats.latencyMs.max.toFixed(0)}`,
      ),
    ],
    [
      'calls/s in each fifth of the run',
      ...each((r) => r.stats.throughput.map((n) => n.toFixed(0)).join(' ')),
    ],
    [
      'faults injected (drop+reset / 503 / truncate / trickle / latency)',
      ...each((r) => {
        const f = r.report.injected;
        return `${f['drop'] ?? 0} / ${f['error'] ?? 0} / ${f['truncate'] ?? 0} / ${f['trickle'] ?? 0} / ${f['latency'] ?? 0}`;
      }),
    ],
    ['read requests at the simulator', ...each((r) => String(r.stats.readRequestsAtSim))],
    [
      'read retries seen at the simulator (max sends of one read)',
      ...each((r) => `${r.stats.readRetriesSeen} (${r.stats.maxReadSends})`),
    ],
    [
      'write calls / write requests at the simulator',
      ...each((r) => `${r.stats.writeCalls} / ${r.stats.writeRequestsAtSim}`),
    ],
    [
      'writes re-sent once after a 401 (max sends of one write)',
      ...each((r) => `${r.stats.resends401} (${r.stats.maxWriteSends})`),
    ],
    [
      'creates ok and present / lost / duplicated',
      ...each((r) => `${r.stats.createdPresent} / ${r.stats.lost} / ${r.stats.duplicates}`),
    ],
    ...createFailureRows(results),
    ...actionFailureRows(results),
    [
      'RSS MB: baseline, 20..100 %, idle, closed',
      ...each((r) => [r.baseline, ...r.samples, r.idle, r.afterClose].map((s) => mb(s.rssMb)).join(' ')),
    ],
    [
      'heap MB: baseline, 20..100 %, idle, closed',
      ...each((r) => [r.baseline, ...r.samples, r.idle, r.afterClose].map((s) => mb(s.heapMb)).join(' ')),
    ],
    [
      'calls in flight: at once / sum of per-client peaks',
      ...each((r) => `${options.concurrency} / ${r.stats.peakInFlightSum}`),
    ],
    [
      'sockets: baseline, 20..100 %, idle, closed',
      ...each((r) =>
        [r.baseline, ...r.samples, r.idle, r.afterClose].map((s) => String(s.sockets)).join(' '),
      ),
    ],
    [
      'TCP sockets at 100 % by state',
      ...each((r) => {
        const last = r.samples.at(-1);
        return last ? formatHandles(last.tcpStates) : '-';
      }),
    ],
    [
      'handles: baseline, 20..100 %, idle, closed',
      ...each((r) =>
        [r.baseline, ...r.samples, r.idle, r.afterClose].map((s) => String(s.handleTotal)).join(' '),
      ),
    ],
    [
      'seconds: calls / provider total',
      ...each((r) => `${(r.soakMs / 1000).toFixed(1)} / ${(r.durationMs / 1000).toFixed(1)}`),
    ],
    ['violations', ...each((r) => String(r.violations.length))],
  ];
  console.log(
    table(
      `Soak: ${options.calls} calls per provider, ${options.concurrency} in flight over ${options.clients} clients, seed ${options.seed} (${(totalMs / 1000).toFixed(1)} s in all)`,
      header,
      rows,
    ),
  );

  const labels = [...new Set(results.flatMap((r) => [...r.stats.failures.keys()]))].sort();
  if (labels.length > 0) {
    console.log(
      table(
        'Failures by class and stage (read / create / action)',
        ['', ...results.map((r) => r.provider)],
        labels.map((label) => [
          label,
          ...results.map((r) => {
            const counts = r.stats.failures.get(label);
            return counts ? kinds(counts) : '-';
          }),
        ]),
      ),
    );
  }
  console.log(
    `\nLimits: RSS growth after warm-up (20 %) < ${TOLERANCE.rssGrowthMb} MB; sockets <= baseline + concurrency + ${Math.round(100 * TOLERANCE.socketsOverConcurrency)} % + ${TOLERANCE.socketsPerClient} per client while calls run, <= baseline + ${TOLERANCE.idleSockets} ${IDLE_MS / 1000} s after the last call; after close: no TCP socket over the baseline, handles <= baseline + ${TOLERANCE.handlesAfterClose}.`,
  );
  for (const r of results) {
    console.log(
      `handles of ${r.provider}: baseline ${formatHandles(r.baseline.handles)}; closed ${formatHandles(r.afterClose.handles)}`,
    );
  }
}

function createFailureRows(results: ProviderResult[]): Row[] {
  const reported = [...new Set(results.flatMap((r) => Object.keys(r.stats.createFailures)))].sort();
  return reported.map((label) => [
    `create failed: ${label} → present / absent`,
    ...results.map((r) => {
      const entry = r.stats.createFailures[label];
      return entry ? `${entry.present} / ${entry.absent}` : '-';
    }),
  ]);
}

function actionFailureRows(results: ProviderResult[]): Row[] {
  const reported = [...new Set(results.flatMap((r) => Object.keys(r.stats.actionFailures)))].sort();
  return reported.map((label) => [
    `action failed: ${label} → executed / not`,
    ...results.map((r) => {
      const entry = r.stats.actionFailures[label];
      return entry ? `${entry.executed} / ${entry.notExecuted}` : '-';
    }),
  ]);
}
