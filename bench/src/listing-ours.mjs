/**
 * One measured listing by our client, in a fresh process (started by listing-runs.ts):
 * `node listing-ours.mjs '<job JSON>'`, the job a `ListingJob` of listing-runs.ts. The call goes
 * through the package's public API with default options (plus the job's `options`, if any):
 *
 * - ovirt: `new Connection({ url, username, password })`, `authenticate()`, then the timed
 *   `connection.systemService().vmsService().list()`;
 * - opennebula: `new OneServer(url, { session })`, timed `one.vmpool.infoextended(-2, -1, -1, -1)`;
 * - cloudstack: `new CloudStack({ endpoint, key, secret })`, timed
 *   `cs.listVirtualMachines({}, { fetchList: true })`.
 *
 * Prints one JSON line, a `ListingResult`; a call that throws is reported in it (`error`), not as
 * a failed process.
 */
import { readFileSync } from 'node:fs';

/** A figure of /proc/self/status in KiB (`VmHWM`: peak RSS; `VmRSS`: RSS now). */
function statusKiB(field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return match === null ? Number.NaN : Number(match[1]);
}

/** Per provider: the client made (and signed in), the timed call, what it listed, and closing. */
const CLIENTS = {
  async ovirt(job) {
    const { Connection } = await import('@overcast/ovirt');
    const connection = new Connection({
      url: job.url,
      username: job.user,
      password: job.secret,
      ...job.options,
    });
    await connection.authenticate();
    return {
      call: () => connection.systemService().vmsService().list(),
      items: (vms) => vms,
      // A typed read gives the creation time as a date.
      typed: (vm) => vm.creationTime?.constructor.name,
      close: () => connection.close(),
    };
  },
  async opennebula(job) {
    const { OneServer } = await import('@overcast/opennebula');
    const one = new OneServer(job.url, { session: `${job.user}:${job.secret}`, ...job.options });
    return {
      call: () => one.vmpool.infoextended(-2, -1, -1, -1),
      items: (pool) => pool.VM,
      typed: (vm) => typeof vm.ID,
      close: () => one.close(),
    };
  },
  async cloudstack(job) {
    const { CloudStack } = await import('@overcast/cloudstack');
    const cs = new CloudStack({ endpoint: job.url, key: job.user, secret: job.secret, ...job.options });
    return {
      call: () => cs.listVirtualMachines({}, { fetchList: true }),
      items: (vms) => vms,
      typed: (vm) => typeof vm.cpunumber,
      close: () => cs.close(),
    };
  },
};

const job = JSON.parse(process.argv[2]);
const client = await CLIENTS[job.provider](job);
const rssBeforeKiB = statusKiB('VmRSS');
const cpu = process.cpuUsage();
const started = performance.now();
let result;
try {
  const items = client.items(await client.call());
  result = { count: items.length, typed: items.length === 0 ? 'none' : client.typed(items[0]) };
} catch (error) {
  result = { count: 0, error: `${error?.name}: ${error?.message}` };
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const peakRssKiB = statusKiB('VmHWM');
await client.close();
const cpuMs = (used.user + used.system) / 1000;
process.stdout.write(`${JSON.stringify({ ...result, ms, cpuMs, rssBeforeKiB, peakRssKiB })}\n`);
