/**
 * One measured run of `@overcast/openstack`, in a fresh process (started by openstack-bench.ts):
 * `node openstack-child.mjs list|setup`, the cloud from `OS_CLIENT_CONFIG_FILE` / `OS_CLOUD`.
 *
 * - `list`: connect and make one call (auth, discovery), then time listing every server with
 *   detail, 1,000 a page, through the public API with its defaults.
 * - `setup`: time the import, `connect()` and the first call (one page of flavors).
 *
 * Prints one JSON line: `{ ms, count, hwmKiB, rssBeforeKiB }` (`hwmKiB`: the process's peak RSS,
 * VmHWM; `rssBeforeKiB`: its RSS right before the listing).
 */
import { readFileSync } from 'node:fs';

/** A figure of /proc/self/status in KiB (`VmHWM`: peak RSS; `VmRSS`: RSS now). */
function statusKiB(field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return match === null ? Number.NaN : Number(match[1]);
}

const mode = process.argv[2];
const started = performance.now();
const { connect } = await import('@overcast/openstack');
const conn = await connect();
let count = 0;
let ms;
let rssBeforeKiB = Number.NaN;
if (mode === 'setup') {
  for await (const flavor of conn.compute.flavors()) if (flavor.id) count++;
  ms = performance.now() - started;
} else {
  for await (const flavor of conn.compute.flavors()) if (flavor.id) count++;
  count = 0;
  rssBeforeKiB = statusKiB('VmRSS');
  const listing = performance.now();
  for await (const server of conn.compute.servers({ limit: 1000 })) if (server.id) count++;
  ms = performance.now() - listing;
}
await conn.close();
process.stdout.write(`${JSON.stringify({ ms, count, hwmKiB: statusKiB('VmHWM'), rssBeforeKiB })}\n`);
