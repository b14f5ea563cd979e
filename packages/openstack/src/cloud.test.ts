/**
 * The cloud layer against the simulator (servers by names with wait and floating IP, images
 * uploaded from files and streams, downloads, flavors by RAM), and proof that image data is
 * streamed both ways: a small server that withholds the rest of an exchange until the other side
 * has acted on its first chunk would deadlock a client that held the data whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  AuthError,
  ConflictError,
  DecodeError,
  NotFoundError,
  ParameterError,
  TimeoutError,
} from '@overcast/runtime';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from '@overcast/simulators/openstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { HttpError, ResourceNotFound } from './errors.js';
import { type FakeCloud, fakeCloud, json, readBody } from './test-support/fake-cloud.js';

let sim: RunningOpenStackSimulator;
let conn: Connection;
let dir: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20 });
  conn = new Connection({ auth: { authUrl: sim.authUrl, ...sim.credentials }, regionName: sim.regionName });
  dir = mkdtempSync(join(tmpdir(), 'os-cloud-'));
});
afterAll(async () => {
  await conn.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('servers', () => {
  it('createServer resolves image, flavor and network names, waits, and adds a floating IP', async () => {
    const server = await conn.createServer({
      name: 'cloud-1',
      image: 'cirros-0.6.2-x86_64-disk',
      flavor: 'm1.tiny',
      network: 'private',
      wait: true,
      interval: 20,
    });
    expect(server.status).toBe('ACTIVE');
    const addresses = Object.values(server.addresses ?? {}).flat() as { 'OS-EXT-IPS:type'?: string }[];
    expect(addresses.map((a) => a['OS-EXT-IPS:type']).sort()).toEqual(['fixed', 'floating']);
    expect((await conn.listServers()).map((s) => s.name)).toContain('cloud-1');
    expect(await conn.deleteServer('cloud-1', { wait: true, interval: 20 })).toBe(true);
    expect(await failure(() => conn.compute.getServer(server.id as string))).toBeInstanceOf(NotFoundError);
    expect(await conn.deleteServer('cloud-1')).toBe(false);
  });

  it('without wait, the server as Nova shows it at once; autoIp: false adds nothing', async () => {
    const building = await conn.createServer({
      name: 'cloud-2',
      image: 'cirros-0.6.2-x86_64-disk',
      flavor: '1',
    });
    expect(building.status).toBe('BUILD');
    const ready = await conn.createServer({
      name: 'cloud-3',
      image: 'cirros-0.6.2-x86_64-disk',
      flavor: 'm1.tiny',
      network: ['private'],
      wait: true,
      autoIp: false,
      interval: 20,
    });
    const types = Object.values(ready.addresses ?? {})
      .flat()
      .map((a) => (a as { 'OS-EXT-IPS:type'?: string })['OS-EXT-IPS:type']);
    expect(types).toEqual(['fixed']);
    await conn.deleteServer(building, { wait: true, interval: 20 });
    await conn.deleteServer(ready);
  });

  it('names what it cannot resolve', async () => {
    const error = await failure(() =>
      conn.createServer({ name: 'x', image: 'no-such-image', flavor: 'm1.tiny' }),
    );
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(String(error)).toMatch(/no image is named or has the id "no-such-image"/);
    expect(await failure(() => conn.createServer({ name: '', flavor: 'm1.tiny' }))).toBeInstanceOf(
      ParameterError,
    );
  });

  it('getFlavorByRam takes the smallest flavor with enough RAM', async () => {
    const flavor = await conn.getFlavorByRam(512);
    expect(flavor.ram).toBe(512);
    expect((await conn.getFlavorByRam(1000, { include: 'm1' })).name).toBe('m1.small');
    expect(await failure(() => conn.getFlavorByRam(10 ** 9))).toBeInstanceOf(ResourceNotFound);
  });
});

describe('images', () => {
  it('createImage streams a file up, waits, and downloadImage streams it back', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const file = join(dir, 'disk.raw');
    writeFileSync(file, data);
    const image = await conn.createImage({ name: 'uploaded', filename: file, wait: true, interval: 20 });
    expect(image.status).toBe('active');
    expect(image.disk_format).toBe('raw');
    expect(image.size).toBe(data.length);
    expect(image.checksum).toBe(createHash('md5').update(data).digest('hex'));
    const copy = join(dir, 'copy.raw');
    expect(await conn.downloadImage('uploaded', { filename: copy })).toEqual({
      id: image.id,
      bytes: data.length,
    });
    expect(readFileSync(copy).equals(data)).toBe(true);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    await conn.downloadImage({ id: image.id as string }, { stream: sink });
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('createImage takes a stream of chunks too', async () => {
    async function* chunks() {
      for (let i = 0; i < 8; i++) yield Buffer.alloc(64 * 1024, i);
    }
    const image = await conn.createImage({ name: 'from-stream', data: chunks(), diskFormat: 'qcow2' });
    expect(image.size).toBe(8 * 64 * 1024);
    let size = 0;
    for await (const chunk of await conn.image.downloadImageFile(image.id as string)) size += chunk.length;
    expect(size).toBe(8 * 64 * 1024);
  });

  it('refuses a missing file before creating anything, and deletes the image when the upload fails', async () => {
    const missing = await failure(() =>
      conn.createImage({ name: 'ghost', filename: join(dir, 'nope.qcow2') }),
    );
    expect(missing).toBeInstanceOf(ParameterError);
    expect(await conn.image.findImage('ghost')).toBeUndefined();
    const file = join(dir, 'small.qcow2');
    writeFileSync(file, 'qcow2 bytes');
    sim.faults.add({
      kind: 'error',
      status: 500,
      times: 1,
      when: (r) => r.method === 'PUT' && r.path.endsWith('/file'),
    });
    const failed = await failure(() => conn.createImage({ name: 'half-made', filename: file }));
    expect(failed).toBeInstanceOf(HttpError);
    expect((failed as HttpError).status).toBe(500);
    expect(await conn.image.findImage('half-made')).toBeUndefined();
  });

  it('an upload to an image that has data already is a ConflictError', async () => {
    const image = await conn.createImage({ name: 'once', data: 'abc' });
    expect(await failure(() => conn.image.uploadImageFile(image.id as string, 'def'))).toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('streaming', () => {
  let cloud: FakeCloud;
  let fake: Connection;
  beforeAll(async () => {
    cloud = await fakeCloud();
    fake = new Connection({ auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' } });
  });
  afterAll(async () => {
    await fake.close();
    await cloud.close();
  });

  it('sends an upload while it is read: the server has the first chunk before the second is made', async () => {
    let received = 0;
    let firstArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      firstArrived = resolve;
    });
    cloud.route('PUT', '/image/v2/images/i1/file', async (req, res) => {
      for await (const chunk of req) {
        received += (chunk as Buffer).length;
        firstArrived();
      }
      res.writeHead(204);
      res.end();
    });
    async function* source() {
      yield Buffer.alloc(256 * 1024, 1);
      // Held whole first, the upload would never reach the server: this wait would time out.
      await Promise.race([
        arrived,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the upload was not streamed')), 5000)),
      ]);
      for (let i = 0; i < 16; i++) yield Buffer.alloc(256 * 1024, 2);
    }
    await fake.image.uploadImageFile('i1', source());
    expect(received).toBe(17 * 256 * 1024);
    expect(cloud.lastHeaders['content-type']).toBe('application/octet-stream');
  });

  it('hands a download over as it arrives, checked against Content-MD5', async () => {
    let consumed: () => void = () => {};
    const firstConsumed = new Promise<void>((resolve) => {
      consumed = resolve;
    });
    const first = Buffer.alloc(64 * 1024, 7);
    const rest = Buffer.alloc(1024 * 1024, 8);
    const md5 = createHash('md5').update(first).update(rest).digest('hex');
    cloud.route('GET', '/image/v2/images/i2/file', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-md5': md5 });
      res.write(first);
      await Promise.race([firstConsumed, new Promise((resolve) => setTimeout(resolve, 5000))]);
      res.end(rest);
    });
    const started = performance.now();
    let size = 0;
    for await (const chunk of await fake.image.downloadImageFile('i2')) {
      size += chunk.length;
      consumed();
    }
    expect(size).toBe(first.length + rest.length);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('a download that does not match its Content-MD5 is a DecodeError; 204 is no data', async () => {
    cloud.route('GET', '/image/v2/images/i3/file', (_req, res) => {
      res.writeHead(200, { 'content-md5': 'ZGVhZGJlZWY=' });
      res.end('damaged');
    });
    const error = await failure(async () => {
      for await (const _ of await fake.image.downloadImageFile('i3'));
    });
    expect(error).toBeInstanceOf(DecodeError);
    cloud.route('GET', '/image/v2/images/i4/file', (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    let chunks = 0;
    for await (const _ of await fake.image.downloadImageFile('i4')) chunks++;
    expect(chunks).toBe(0);
  });

  it('an error answer to a transfer is its kind, with the server message', async () => {
    cloud.route('GET', '/image/v2/images/i5/file', (_req, res) =>
      json(res, 404, { message: 'No image found with ID i5', code: '404 Not Found', title: 'Not Found' }),
    );
    const error = await failure(() => fake.image.downloadImageFile('i5'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as HttpError).serverMessage).toBe('No image found with ID i5');
  });

  it('a 401 re-sends bytes once after re-authenticating; a one-shot stream cannot be re-sent', async () => {
    let puts = 0;
    cloud.route('PUT', '/image/v2/images/i6/file', async (req, res) => {
      puts++;
      await readBody(req);
      if (puts === 1) cloud.revokeAll();
      if (puts === 1) json(res, 401, { error: { code: 401, message: 'expired' } });
      else {
        res.writeHead(204);
        res.end();
      }
    });
    await fake.image.uploadImageFile('i6', Buffer.from('bytes'));
    expect(puts).toBe(2);
    puts = 0;
    async function* once() {
      yield Buffer.from('only once');
    }
    const error = await failure(() => fake.image.uploadImageFile('i6', once()));
    expect(error).toBeInstanceOf(AuthError);
    expect(puts).toBe(1);
  });

  it('a download stalling below the low-speed rule ends with a TimeoutError', async () => {
    const slow = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
      http: { lowSpeed: { bytes: 1024, time: 300 } },
    });
    cloud.route('GET', '/image/v2/images/i7/file', (_req, res) => {
      res.writeHead(200);
      res.write('x');
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(async () => {
      for await (const _ of await slow.image.downloadImageFile('i7'));
    });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toMatch(/low-speed/);
    await slow.close();
  });
});
