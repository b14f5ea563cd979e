/**
 * `npm run bench`: runs every benchmark, prints a markdown table and writes
 * `bench/results/latest.json` (the results with when, where and on what they were measured).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './measure.js';
import { markdownTable } from './measure.js';
import { runXmlBench } from './xml-bench.js';

const BENCHES: readonly { name: string; run: () => Promise<BenchResult[]> }[] = [
  { name: 'xml', run: runXmlBench },
];

const resultsDirectory = fileURLToPath(new URL('../results/', import.meta.url));

async function main(): Promise<void> {
  const started = performance.now();
  const results: BenchResult[] = [];
  for (const bench of BENCHES) {
    console.error(`running ${bench.name} bench…`);
    results.push(...(await bench.run()));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(markdownTable(results));
  console.log(`\n${results.length} rows in ${seconds.toFixed(0)} s`);
  await mkdir(resultsDirectory, { recursive: true });
  const environment = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
  };
  const report = { date: new Date().toISOString(), seconds, environment, results };
  await writeFile(`${resultsDirectory}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
