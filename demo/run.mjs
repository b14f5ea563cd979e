// `npm run demo`: runs every walk-through in demo/walkthroughs/ (one per provider, plus the runtime's)
// against the local simulators, printing each step. Exits non-zero on the first failure.
import { readdir } from 'node:fs/promises';

const dir = new URL('./walkthroughs/', import.meta.url);
const names = (await readdir(dir)).filter((name) => name.endsWith('.mjs')).sort();
const started = Date.now();
for (const name of names) {
  const walkthrough = await import(new URL(name, dir).href);
  console.log(`\n== ${walkthrough.title}`);
  try {
    await walkthrough.run((line) => console.log(`   ${line}`));
  } catch (error) {
    console.error(`demo: ${name} failed: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  }
}
console.log(`\ndemo: ${names.length} walk-through(s) passed in ${Date.now() - started} ms`);
