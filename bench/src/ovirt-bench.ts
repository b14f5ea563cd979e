/**
 * The oVirt benchmark: reading a `<vms>` answer of 10,000 full VMs (shaped like the engine's, links
 * included) into typed objects, against the raw XML parse of the same bytes in the same run; the
 * peak memory of the process; and the time to generate @overcast/ovirt and to type-check it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readXml } from '@overcast/ovirt';
import { parseXml } from '@overcast/runtime/xml';
import { SaxesParser } from 'saxes';
import { type MetricRow, median, timeMs } from './measure.js';
import { ovirtVmsDocument } from './vm-payloads.js';

const VM_COUNT = 10_000;
const RUNS = 3;

/** The raw parse: saxes over the same text with no-op handlers (what every reader pays at least). */
function saxesOnly(bytes: Uint8Array): void {
  const parser = new SaxesParser();
  let events = 0;
  parser.on('opentag', () => events++);
  parser.on('text', () => events++);
  parser.on('closetag', () => events++);
  parser.write(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).close();
}

function best(run: () => unknown): { best: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(timeMs(run));
  return { best: Math.min(...times), median: median(times) };
}

function seconds(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  execFileSync(command, args, { cwd, stdio: 'ignore' });
  return (performance.now() - started) / 1000;
}

export async function runOvirtBench(): Promise<MetricRow[]> {
  const bytes = ovirtVmsDocument(VM_COUNT);
  const megabytes = bytes.length / 1e6;
  const read = readXml(bytes);
  if (!read.list || (read.value as unknown[]).length !== VM_COUNT) throw new Error('the typed read lost VMs');
  // The typed read runs first (after one untimed warm-up of each), so the process's peak memory is
  // the typed read's and neither side pays for the heap growing.
  saxesOnly(bytes);
  const typed = best(() => readXml(bytes));
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const raw = best(() => saxesOnly(bytes));
  const tree = best(() => parseXml(bytes));
  const packageDir = fileURLToPath(new URL('../../packages/ovirt/', import.meta.url));
  const generate = seconds('npm', ['run', 'generate', '--silent'], packageDir);
  const typecheck = seconds('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], packageDir);
  const input = `${VM_COUNT} VMs, ${megabytes.toFixed(1)} MB`;
  return [
    {
      name: `ovirt: raw parse (saxes, events only), ${input}`,
      value: megabytes / (raw.best / 1000),
      unit: 'MB/s',
      note: `best of ${RUNS}: ${raw.best.toFixed(0)} ms (median ${raw.median.toFixed(0)} ms)`,
    },
    {
      name: `ovirt: runtime parseXml (tree), ${input}`,
      value: megabytes / (tree.best / 1000),
      unit: 'MB/s',
      baseline: 'ovirt: raw parse',
      ratio: tree.best / raw.best,
      note: `best of ${RUNS}: ${tree.best.toFixed(0)} ms; ratio = time / raw parse time`,
    },
    {
      name: `ovirt: typed read (readXml → types.Vm[]), ${input}`,
      value: megabytes / (typed.best / 1000),
      unit: 'MB/s',
      baseline: 'ovirt: raw parse',
      ratio: typed.best / raw.best,
      note: `best of ${RUNS}: ${typed.best.toFixed(0)} ms (median ${typed.median.toFixed(0)} ms); ratio = time / raw parse time`,
    },
    { name: 'ovirt: peak RSS of the bench process after the typed reads', value: peakMiB, unit: 'MiB' },
    { name: 'ovirt: generate @overcast/ovirt (npm run generate)', value: generate, unit: 's' },
    { name: 'ovirt: type-check @overcast/ovirt (tsc --noEmit)', value: typecheck, unit: 's' },
  ];
}
