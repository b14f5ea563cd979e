/**
 * Run as a child process by streaming.test.ts: a default `Connection` lists the VMs of an engine
 * that sends minimal `<vm>` elements without end; prints the error and how much the process grew
 * (VmHWM − RSS before the call), as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { Connection } from '../connection.js';
import { PASSWORD, startEngine } from './engine.js';

const MINIMAL_VM = '<vm id="1"><name>n</name></vm>';
const status = (field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;

const engine = await startEngine();
let sentBytes = 0;
engine.route((request) =>
  request.api === '/vms'
    ? {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        chunks: function* () {
          yield '<vms>';
          const batch = MINIMAL_VM.repeat(2048);
          for (;;) {
            sentBytes += batch.length;
            yield batch;
          }
        },
      }
    : undefined,
);
const connection = new Connection({ url: engine.apiUrl, username: 'admin@internal', password: PASSWORD });
await connection.authenticate();
const before = status('VmRSS');
let error = 'none';
let message = '';
try {
  await connection.systemService().vmsService().list();
} catch (caught) {
  error = (caught as Error).constructor.name;
  message = (caught as Error).message;
}
const growthMiB = status('VmHWM') - before;
await connection.close();
await engine.close();
console.log(JSON.stringify({ error, message, sentBytes, growthMiB }));
