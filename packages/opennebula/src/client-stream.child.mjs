/**
 * Run as a child process by client-stream.test.ts (`node --import tsx`), so that its memory is the
 * client's alone: a OneServer with the default options lists `one.vmpool.infoextended` from the
 * server at argv[2]. Prints one JSON line: the VM count and three VMs (first, 1234th, last), or
 * the error; how much the process grew (VmHWM − VmRSS before the call) and, with `--expose-gc`,
 * what stays live with the pool (heap and buffers after a collection, over those before the
 * call), in MiB. With `--expose-gc` garbage is also collected twice a second while the answer
 * streams in, so that the peak RSS is live memory rather than garbage awaiting collection.
 */
import { readFileSync } from 'node:fs';
import { OneServer } from './client.js';

const MIB = 2 ** 20;
const status = (field) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
/** Heap and buffers in use, after a collection when one can be asked for. */
const live = () => {
  globalThis.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / MIB;
};

const one = new OneServer(process.argv[2], { session: 'oneadmin:opennebula' });
const before = live();
const rssBefore = status('VmRSS');
const collector = setInterval(() => globalThis.gc?.(), 500);
const outcome = {};
let pool;
try {
  pool = await one.vmpool.infoextended(-2, -1, -1, -1);
  outcome.count = pool.VM.length;
  outcome.vms = [pool.VM[0], pool.VM[1234], pool.VM.at(-1)];
} catch (error) {
  outcome.error = error.constructor.name;
  outcome.message = error.message;
}
clearInterval(collector);
outcome.growthMiB = status('VmHWM') - rssBefore;
outcome.retainedMiB = live() - before;
await one.close();
console.log(JSON.stringify(outcome));
