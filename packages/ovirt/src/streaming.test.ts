/**
 * Large answers are read as they arrive: a 10,000-VM list through a default `Connection` never
 * holds the body, and a hostile endless list ends in a typed error naming the option to raise.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DecodeError } from '@overcast/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { type Engine, PASSWORD, startEngine } from './test-support/engine.js';

const execFileAsync = promisify(execFile);
let engine: Engine;

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());

/** An engine-shaped VM (links, nested structures, attributes) of about 1.5 KB. */
function vmXml(id: number): string {
  const links = ['diskattachments', 'nics', 'snapshots', 'tags', 'permissions', 'statistics']
    .map((rel) => `    <link href="/ovirt-engine/api/vms/${id}/${rel}" rel="${rel}"/>\n`)
    .join('');
  return (
    `  <vm href="/ovirt-engine/api/vms/${id}" id="${id}">\n    <name>vm-${id}</name>\n` +
    `    <description>test &amp; bench VM ${id}</description>\n${links}` +
    '    <cpu><architecture>x86_64</architecture><topology><cores>2</cores><sockets>1</sockets><threads>1</threads></topology></cpu>\n' +
    `    <memory>${(id % 8) * 1073741824 + 1073741824}</memory>\n    <status>${id % 3 === 0 ? 'down' : 'up'}</status>\n` +
    `    <creation_time>2026-01-0${(id % 9) + 1}T10:00:00.000+01:00</creation_time>\n` +
    `    <cluster href="/ovirt-engine/api/clusters/c-1" id="c-1"/>\n    <stateless>false</stateless>\n  </vm>\n`
  );
}

function* vmsDocument(count: number): Iterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<vms>\n';
  for (let id = 1; id <= count; id++) yield vmXml(id);
  yield '</vms>\n';
}

describe('a 10,000-VM list through the default Connection', () => {
  it('is decoded as it arrives, never holding the body', async () => {
    let bodyBytes = 0;
    engine.route((request) => {
      if (request.api !== '/vms') return undefined;
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        chunks: function* () {
          for (const piece of vmsDocument(10_000)) {
            bodyBytes += Buffer.byteLength(piece);
            yield piece;
          }
        },
      };
    });
    const connection = new Connection({ url: engine.apiUrl, username: 'admin@internal', password: PASSWORD });
    // Buffers (the body's chunks) live outside the heap: sampled while the answer streams in, they
    // stay a small window; a body held whole would be all of them at once.
    let peakBuffers = 0;
    const sampler = setInterval(() => {
      peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
    }, 1);
    const before = process.memoryUsage().arrayBuffers;
    try {
      const vms = await connection.systemService().vmsService().list();
      expect(vms).toHaveLength(10_000);
      expect(vms[9_999]).toMatchObject({ id: '10000', name: 'vm-10000', status: 'up', stateless: false });
      expect(vms[0]?.description).toBe('test & bench VM 1');
      expect(vms[0]?.cpu?.topology?.cores).toBe(2);
    } finally {
      clearInterval(sampler);
      await connection.close();
    }
    expect(bodyBytes).toBeGreaterThan(8_000_000);
    expect(peakBuffers - before).toBeLessThan(bodyBytes / 2);
  });

  it('lets a list past the 1,000,000-children default through when the option is raised', async () => {
    engine.route((request) =>
      request.api === '/vms'
        ? {
            status: 200,
            headers: { 'content-type': 'application/xml' },
            body: `<vms>${'<vm id="1"><name>n</name></vm>'.repeat(11)}</vms>`,
          }
        : undefined,
    );
    const strict = new Connection({
      url: engine.apiUrl,
      username: 'admin@internal',
      password: PASSWORD,
      xml: { maxChildren: 10 },
    });
    const failure = await strict
      .systemService()
      .vmsService()
      .list()
      .catch((error: unknown) => error);
    await strict.close();
    expect(failure).toBeInstanceOf(DecodeError);
    expect((failure as Error).message).toMatch(
      /more than 10 child elements in one element \(option maxChildren\)/,
    );
    const raised = new Connection({
      url: engine.apiUrl,
      username: 'admin@internal',
      password: PASSWORD,
      xml: { maxChildren: 11 },
    });
    await expect(raised.systemService().vmsService().list()).resolves.toHaveLength(11);
    await raised.close();
  });
});

describe('a hostile engine', () => {
  it('ends an endless list of minimal VMs in a DecodeError naming the option, the process growing < 600 MB', async () => {
    // In a child process, so that its peak memory is the decode's alone.
    const program = fileURLToPath(new URL('./test-support/endless-vms.ts', import.meta.url));
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', program], {
      timeout: 60_000,
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      error: string;
      message: string;
      sentBytes: number;
      growthMiB: number;
    };
    expect(outcome.error).toBe('DecodeError');
    expect(outcome.message).toMatch(/option maxChildren/);
    expect(outcome.sentBytes).toBeGreaterThan(20_000_000);
    expect(outcome.growthMiB).toBeLessThan(600);
  }, 90_000);
});
