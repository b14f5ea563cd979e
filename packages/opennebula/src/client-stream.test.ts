/**
 * Answers are decoded as they arrive: a 10,000-VM pool through a default OneServer never holds its
 * body, hostile answers end in a typed error naming the option to raise, and the limits can be
 * raised per client and per call.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readOpenNebula, sampleDocument } from '@overcast/generator-opennebula';
import { DecodeError } from '@overcast/runtime/errors';
import { buildXml } from '@overcast/runtime/xml';
import { encodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { schemaDir } from '@overcast/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneServer } from './client.js';
import { decodeDocument } from './decode.js';
import { OneNoExistsError } from './errors.js';

const execFileAsync = promisify(execFile);
const SESSION = 'oneadmin:opennebula';

/** What the server sends next: the body's chunks, made one at a time as the socket takes them. */
let chunks: () => Iterable<string> = () => [];
/** Bytes the server has sent of the current answer. */
let sentBytes = 0;
let server: Server;
let url: string;

async function send(response: ServerResponse, body: Iterable<string>): Promise<void> {
  response.on('error', () => {}); // the client hung up on a hostile answer: expected
  response.writeHead(200, { 'content-type': 'text/xml' });
  for (const chunk of body) {
    if (response.destroyed) return;
    sentBytes += Buffer.byteLength(chunk);
    if (!response.write(chunk)) {
      await new Promise((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
    }
  }
  response.end();
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      sentBytes = 0;
      void send(response, chunks());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** oned's answer `[true, document, 0]` around the escaped pieces of a document, piece by piece. */
function* answer(documentPieces: Iterable<string>): Iterable<string> {
  const marker = 'THE-DOCUMENT';
  const [head, tail] = encodeMethodResponse([true, marker, 0]).split(marker) as [string, string];
  yield head;
  for (const piece of documentPieces) yield escaped(piece);
  yield tail;
}

function escaped(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** One VM of vm_pool_extended.xsd's sample (every element present), as oned writes it. */
function sampleVm(): string {
  const ir = readOpenNebula(schemaDir('opennebula'));
  const pool = buildXml(sampleDocument(ir, 'vm_pool_extended', { items: 1, repeat: 1 }), {
    declaration: false,
  });
  const vm = pool.replace(/^<VM_POOL>/, '').replace(/<\/VM_POOL>$/, '');
  if (!vm.startsWith('<VM><ID>')) throw new Error('unexpected sample VM shape');
  return vm;
}

function vmWithId(vm: string, id: number): string {
  return vm.replace(/^<VM><ID>\d+<\/ID>/, `<VM><ID>${id}</ID>`);
}

/** A VM_POOL of `count` copies of `vm` with IDs 0…count − 1, 64 VMs to a piece. */
function* vmPool(vm: string, count: number): Iterable<string> {
  yield '<VM_POOL>';
  for (let start = 0; start < count; start += 64) {
    let piece = '';
    for (let id = start; id < Math.min(count, start + 64); id++) piece += vmWithId(vm, id);
    yield piece;
  }
  yield '</VM_POOL>';
}

interface ChildOutcome {
  count?: number;
  vms?: unknown[];
  error?: string;
  message?: string;
  growthMiB: number;
  retainedMiB: number;
}

/** Lists the pool with a default OneServer in a child process (client-stream.child.mjs). */
async function listInChild(flags: string[] = []): Promise<ChildOutcome> {
  const program = fileURLToPath(new URL('./client-stream.child.mjs', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, [...flags, '--import', 'tsx', program, url], {
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildOutcome;
}

const MIB = 2 ** 20;

describe('a 10,000-VM one.vmpool.infoextended through a default OneServer', () => {
  let vm: string;
  beforeAll(() => {
    vm = sampleVm();
  }, 60_000);

  it('is decoded as it arrives, holding the decoded VMs and a small window, never the body', async () => {
    chunks = () => answer(vmPool(vm, 10_000));
    const outcome = await listInChild(['--expose-gc']);
    const body = sentBytes;
    expect(body).toBeGreaterThan(64 * MIB); // past the limit of a body held whole
    expect(outcome.error).toBeUndefined();
    expect(outcome.count).toBe(10_000);
    const expected = [0, 1234, 9999].map((id) => decodeDocument(vmWithId(vm, id), 'Vm', 'VM'));
    expect(outcome.vms).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(outcome.vms?.[1]).toMatchObject({ ID: 1234, NAME: 'value-5' });
    // The process grew by the decoded VMs (about the body's size: every element of the XSD is
    // there) and a window of a few chunks. Holding the body as well, or the document inside it,
    // would add at least the body's size again (the whole-body path grew by 3× the VMs).
    expect(outcome.growthMiB - outcome.retainedMiB).toBeLessThan((body / MIB) * 0.75);
    // The VMs' strings are their own: none keeps the chunk it was cut from alive.
    expect(outcome.retainedMiB).toBeLessThan((body / MIB) * 1.25);
  }, 180_000);
});

describe('a hostile server', () => {
  it('ends an endless pool of minimal VMs in a DecodeError naming maxChildren, the process growing < 600 MB', async () => {
    chunks = function* () {
      const batch = '<VM><ID>1</ID></VM>'.repeat(4096);
      yield* answer(
        (function* () {
          yield '<VM_POOL>';
          for (;;) yield batch;
        })(),
      );
    };
    const outcome = await listInChild();
    expect(outcome).toMatchObject({ error: 'DecodeError' });
    expect(outcome.message).toMatch(/more than 1000000 child elements in one element \(option maxChildren\)/);
    expect(sentBytes).toBeGreaterThan(40_000_000);
    expect(outcome.growthMiB).toBeLessThan(600);
  }, 180_000);

  it('ends an endless text in a DecodeError naming maxTextLength, the process growing < 600 MB', async () => {
    chunks = function* () {
      const batch = 'a'.repeat(1 << 20);
      yield* answer(
        (function* () {
          yield '<VM_POOL><VM><ID>1</ID><NAME>';
          for (;;) yield batch;
        })(),
      );
    };
    const outcome = await listInChild();
    expect(outcome).toMatchObject({ error: 'DecodeError' });
    expect(outcome.message).toMatch(/a text longer than 67108864 characters \(option maxTextLength\)/);
    expect(outcome.growthMiB).toBeLessThan(600);
  }, 180_000);

  it('ends deep nesting in a DecodeError naming maxDepth', async () => {
    chunks = () => answer(['<VM_POOL>', '<X>'.repeat(100_000)]);
    const one = new OneServer(url, { session: SESSION });
    const error = await one.vmpool.infoextended(-2, -1, -1, -1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/elements nested deeper than 256 \(option maxDepth\)/);
    await one.close();
  });
});

describe('answers arriving in pieces', () => {
  const VM =
    '<VM><ID>7</ID><NAME>é &amp; 😀 — тест</NAME><TEMPLATE><NOTE><![CDATA[a <b> &amp;]]></NOTE></TEMPLATE></VM>';

  it('decode the same wherever the chunks end', async () => {
    const one = new OneServer(url, { session: SESSION });
    const expected = decodeDocument(VM, 'Vm', 'VM');
    const text = [...answer([VM])].join('');
    for (const size of [1, 2, 3, 5, 7]) {
      chunks = () => text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'gu')) ?? [];
      expect(await one.vm.info(7)).toEqual(expected);
    }
    await one.close();
  });

  it('take whitespace before the document, and refuse a string that is no document', async () => {
    const one = new OneServer(url, { session: SESSION });
    chunks = () => answer([' \n\t', VM]);
    expect((await one.vm.info(7)).ID).toBe(7);
    chunks = () => answer(['  not xml']);
    await expect(one.vm.info(7)).rejects.toThrow(/one.vm.info: expected an XML document, got " {2}not xml"/);
    chunks = () => answer(['x'.repeat(100)]);
    await expect(one.vm.info(7)).rejects.toThrow(`expected an XML document, got "${'x'.repeat(60)}"`);
    await one.close();
  });

  it('fail as malformed XML when the document is, even after a bad value', async () => {
    const one = new OneServer(url, { session: SESSION });
    chunks = () => answer(['<VM><ID>seven</ID><NAME>x</VM>']);
    await expect(one.vm.info(7)).rejects.toThrow(/Malformed XML: unexpected close tag: VM, expected NAME/);
    chunks = () => answer(['<VM><ID>seven</ID><NAME>x</NAME></VM>']);
    await expect(one.vm.info(7)).rejects.toThrow(/VM\/ID should be an integer, got "seven"/);
    await one.close();
  });

  it("give a failure answer's class, for a method answering documents too", async () => {
    const one = new OneServer(url, { session: SESSION });
    chunks = () => [
      encodeMethodResponse([false, '[one.vm.info] Error getting virtual machine [9].', 0x400, 9]),
    ];
    const error = await one.vm.info(9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneNoExistsError);
    expect(error).toMatchObject({
      code: 0x400,
      serverMessage: '[one.vm.info] Error getting virtual machine [9].',
    });
    await one.close();
  });
});

describe('limits, per client and per call', () => {
  const pool = (count: number) => () =>
    answer(['<VM_POOL>', '<VM><ID>1</ID></VM>'.repeat(count), '</VM_POOL>']);

  it('xml: the client’s limits, raised for one call', async () => {
    const one = new OneServer(url, { session: SESSION, xml: { maxChildren: 10 } });
    chunks = pool(11);
    await expect(one.vmpool.infoextended(-2, -1, -1, -1)).rejects.toThrow(
      /more than 10 child elements in one element \(option maxChildren\)/,
    );
    const raised = await one.vmpool.infoextended(-2, -1, -1, -1, { xml: { maxChildren: 11 } });
    expect(raised.VM).toHaveLength(11);
    await one.close();
  });

  it('maxTextLength bounds string answers held whole too', async () => {
    const one = new OneServer(url, { session: SESSION, xml: { maxTextLength: 1000 } });
    chunks = () => [encodeMethodResponse([true, 'v'.repeat(1001), 0])];
    await expect(one.system.version()).rejects.toThrow(
      /a text longer than 1000 characters.*\(option maxTextLength\)/,
    );
    expect(await one.system.version({ xml: { maxTextLength: 1001 } })).toBe('v'.repeat(1001));
    await one.close();
  });

  it('maxResponseSize: http.maxResponseSize for the client, maxResponseSize for one call', async () => {
    const one = new OneServer(url, { session: SESSION, http: { maxResponseSize: 1000 } });
    chunks = pool(100);
    await expect(one.vmpool.infoextended(-2, -1, -1, -1)).rejects.toThrow(
      /exceeds the size limit of 1000 bytes/,
    );
    const raised = await one.vmpool.infoextended(-2, -1, -1, -1, { maxResponseSize: 1_000_000 });
    expect(raised.VM).toHaveLength(100);
    await one.close();
  });

  it('refuses limits that are none', async () => {
    expect(() => new OneServer(url, { session: SESSION, xml: { maxChildren: 0 } })).toThrow(
      /xml.maxChildren must be a whole number >= 1, not 0/,
    );
    const one = new OneServer(url, { session: SESSION });
    await expect(one.vmpool.infoextended(-2, -1, -1, -1, { maxResponseSize: -1 })).rejects.toThrow(
      /maxResponseSize must be a number of bytes > 0, not -1/,
    );
    await expect(one.vm.info(1, { xml: { maxDepth: Number.NaN } })).rejects.toThrow(
      /xml.maxDepth must be a whole number >= 1, not NaN/,
    );
    await expect(one.vm.info(1, { xml: { maxChilds: 1 } as never })).rejects.toThrow(
      /xml.maxChilds is not an XML limit/,
    );
    await one.close();
  });
});
