/**
 * `npm run bench [-- <name>…]`: runs every benchmark (or the named ones), prints markdown tables
 * and writes `bench/results/latest.json` (the results with when, where and on what they were
 * measured). Every ratio compares with a baseline measured in the same run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCloudStackBench } from './cloudstack-bench.js';
import { runEc2Bench } from './ec2-bench.js';
import { type BenchResult, type MetricRow, markdownTable } from './measure.js';
import { runOpenNebulaBench } from './opennebula-bench.js';
import { runOpenStackBench } from './openstack-bench.js';
import { runOvirtBench } from './ovirt-bench.js';
import { runPeersBench } from './peers-bench.js';
import { runScalingBench } from './scaling-bench.js';
import { runXmlBench } from './xml-bench.js';

const PARSER_BENCHES: Record<string, () => Promise<BenchResult[]>> = { xml: runXmlBench };
const METRIC_BENCHES: Record<string, () => Promise<MetricRow[]>> = {
  cloudstack: runCloudStackBench,
  ec2: runEc2Bench,
  opennebula: runOpenNebulaBench,
  openstack: runOpenStackBench,
  ovirt: runOvirtBench,
  peers: runPeersBench,
  scaling: runScalingBench,
};

const resultsDirectory = fileURLToPath(new URL('../results/', import.meta.url));

function metricTable(rows: readonly MetricRow[]): string {
  const lines = [
    '| figure | value | unit | × baseline | baseline | note |',
    '| --- | ---: | --- | ---: | --- | --- |',
  ];
  for (const row of rows) {
    const ratio = row.ratio === undefined ? '' : row.ratio.toFixed(2);
    const value =
      row.failure !== undefined
        ? `fails: ${row.failure}`
        : Number.isNaN(row.value)
          ? 'n/a'
          : Number(row.value.toPrecision(4));
    lines.push(
      `| ${row.name} | ${value} | ${row.unit} | ${ratio} | ${row.baseline ?? ''} | ${row.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const known = [...Object.keys(PARSER_BENCHES), ...Object.keys(METRIC_BENCHES)];
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const selected = (name: string) => wanted.length === 0 || wanted.includes(name);

  const started = performance.now();
  const parsers: BenchResult[] = [];
  const metrics: Record<string, MetricRow[]> = {};
  for (const [name, run] of Object.entries(PARSER_BENCHES)) {
    if (!selected(name)) continue;
    console.error(`running ${name} bench…`);
    parsers.push(...(await run()));
  }
  for (const [name, run] of Object.entries(METRIC_BENCHES)) {
    if (!selected(name)) continue;
    console.error(`running ${name} bench…`);
    metrics[name] = await run();
  }
  const seconds = (performance.now() - started) / 1000;
  if (parsers.length > 0) console.log(`## XML parsers and XML-RPC decoding\n\n${markdownTable(parsers)}\n`);
  for (const [name, rows] of Object.entries(metrics)) console.log(`## ${name}\n\n${metricTable(rows)}\n`);
  console.log(`bench: ${seconds.toFixed(0)} s, load average ${loadavg()[0]?.toFixed(1)} at the end`);

  await mkdir(resultsDirectory, { recursive: true });
  const environment = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
  };
  const report = { date: new Date().toISOString(), seconds, environment, parsers, metrics };
  await writeFile(`${resultsDirectory}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
