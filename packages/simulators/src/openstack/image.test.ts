import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type CallOptions, call, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

let sim: RunningOpenStackSimulator;
let token: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 5 });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

function glance(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  return call(sim, method, `/image${path}`, { token, ...options });
}

async function createImage(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await glance('POST', '/v2/images', {
    body: { name, disk_format: 'raw', container_format: 'bare', ...extra },
  });
  if (answer.status !== 201) throw new Error(`create failed: ${answer.status} ${answer.text}`);
  return answer.json.id;
}

describe('Glance', () => {
  it('answers version discovery with 300 Multiple Choices, v2.16 current', async () => {
    const root = await call(sim, 'GET', '/image/');
    expect(root.status).toBe(300);
    expect(root.json.versions[0]).toEqual({
      id: 'v2.16',
      status: 'CURRENT',
      links: [{ rel: 'self', href: `${sim.url}/image/v2/` }],
    });
    expect(root.json.versions.at(-1).id).toBe('v2.0');
  });

  it('creates a queued image, uploads data (active, size, MD5 and SHA-512), downloads it, deletes it', async () => {
    token = await projectToken(sim);
    const created = await glance('POST', '/v2/images', {
      body: {
        name: 'upload-me',
        disk_format: 'qcow2',
        container_format: 'bare',
        tags: ['t1'],
        hw_disk_bus: 'scsi',
      },
    });
    expect(created.status).toBe(201);
    const image = created.json;
    expect(image).toMatchObject({
      name: 'upload-me',
      status: 'queued',
      visibility: 'shared',
      size: null,
      checksum: null,
      owner: sim.projectId,
      tags: ['t1'],
      hw_disk_bus: 'scsi',
      self: `/v2/images/${image.id}`,
      file: `/v2/images/${image.id}/file`,
      schema: '/v2/schemas/image',
    });
    expect(created.headers.get('location')).toBe(`${sim.url}/image/v2/images/${image.id}`);
    expect((await glance('GET', `/v2/images/${image.id}/file`)).status).toBe(204);

    const data = Buffer.alloc(100_000, 7);
    const upload = await glance('PUT', `/v2/images/${image.id}/file`, {
      raw: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(204);
    const shown = (await glance('GET', `/v2/images/${image.id}`)).json;
    expect(shown).toMatchObject({
      status: 'active',
      size: 100_000,
      checksum: createHash('md5').update(data).digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(data).digest('hex'),
      stores: 'file',
    });
    const download = await fetch(`${sim.url}/image/v2/images/${image.id}/file`, {
      headers: { 'x-auth-token': token },
    });
    expect(download.headers.get('content-md5')).toBe(shown.checksum);
    expect(Buffer.from(await download.arrayBuffer()).equals(data)).toBe(true);

    const twice = await glance('PUT', `/v2/images/${image.id}/file`, {
      raw: 'x',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(twice.status).toBe(409);
    expect((await glance('DELETE', `/v2/images/${image.id}`)).status).toBe(204);
    expect((await glance('GET', `/v2/images/${image.id}`)).status).toBe(404);
  });

  it('refuses to upload before the formats are set', async () => {
    token = await projectToken(sim);
    const id = (await glance('POST', '/v2/images', { body: { name: 'bare' } })).json.id;
    const upload = await glance('PUT', `/v2/images/${id}/file`, {
      raw: 'x',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(400);
    expect(upload.text).toContain(
      'Properties disk_format, container_format must be set prior to saving data.',
    );
  });

  it('lists 25 images by default, newest first, with first and next links relative to the API root', async () => {
    token = await projectToken(sim);
    for (let index = 0; index < 30; index++) await createImage(`img-${String(index).padStart(2, '0')}`);
    const first = await glance('GET', '/v2/images');
    expect(first.json.images).toHaveLength(25);
    expect(first.json.images[0].name).toBe('img-29');
    expect(first.json.first).toBe('/v2/images');
    expect(first.json.schema).toBe('/v2/schemas/images');
    const last = first.json.images[24].id;
    expect(first.json.next).toBe(`/v2/images?marker=${last}`);
    const second = await glance('GET', first.json.next);
    expect(second.json.images.map((i: { name: string }) => i.name)).toEqual([
      'img-04',
      'img-03',
      'img-02',
      'img-01',
      'img-00',
      'cirros-0.6.2-x86_64-disk',
    ]);
    expect(second.json).not.toHaveProperty('next');

    const small = await glance('GET', '/v2/images?limit=2&sort=name:asc');
    expect(small.json.images.map((i: { name: string }) => i.name)).toEqual([
      'cirros-0.6.2-x86_64-disk',
      'img-00',
    ]);
    expect(small.json.first).toBe('/v2/images?limit=2&sort=name%3Aasc');
    expect(small.json.next).toBe(`/v2/images?limit=2&sort=name%3Aasc&marker=${small.json.images[1].id}`);
    const named = await glance('GET', '/v2/images?name=in:img-01,img-02');
    expect(named.json.images).toHaveLength(2);
    const active = await glance('GET', '/v2/images?status=active');
    expect(active.json.images.map((i: { name: string }) => i.name)).toEqual(['cirros-0.6.2-x86_64-disk']);
    const badMarker = await glance('GET', '/v2/images?marker=nope');
    expect(badMarker.status).toBe(400);
  });

  it('updates with JSON patch, and refuses read-only attributes with 403', async () => {
    token = await projectToken(sim);
    const id = await createImage('patch-me');
    const patch = (body: unknown) =>
      glance('PATCH', `/v2/images/${id}`, {
        raw: JSON.stringify(body),
        headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
      });
    const patched = await patch([
      { op: 'replace', path: '/name', value: 'patched' },
      { op: 'add', path: '/os_distro', value: 'cirros' },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'patched', os_distro: 'cirros' });
    const removed = await patch([{ op: 'remove', path: '/os_distro' }]);
    expect(removed.json).not.toHaveProperty('os_distro');
    expect((await patch([{ op: 'replace', path: '/status', value: 'active' }])).status).toBe(403);
    const wrongType = await glance('PATCH', `/v2/images/${id}`, { body: [] });
    expect(wrongType.status).toBe(415);
  });

  it('writes errors as WebOb does: HTML by default, JSON for a JSON-only client', async () => {
    token = await projectToken(sim);
    const html = await glance('GET', '/v2/images/nope');
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.text).toContain('<title>404 Not Found</title>');
    expect(html.text).toContain('No image found with ID nope');
    const json = await glance('GET', '/v2/images/nope', { headers: { accept: 'application/json' } });
    expect(json.json).toMatchObject({ code: '404 Not Found', title: 'Not Found' });
    expect(json.json.message).toContain('No image found with ID nope');

    const cirros = (await glance('GET', '/v2/images')).json.images[0].id;
    await glance('PATCH', `/v2/images/${cirros}`, {
      raw: JSON.stringify([{ op: 'replace', path: '/protected', value: true }]),
      headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    });
    const protectedDelete = await glance('DELETE', `/v2/images/${cirros}`);
    expect(protectedDelete.status).toBe(403);
    expect(protectedDelete.text).toContain(`Image ${cirros} is protected and cannot be deleted.`);
  });

  it('tags, deactivates and reactivates images', async () => {
    token = await projectToken(sim);
    const cirros = (await glance('GET', '/v2/images')).json.images[0].id;
    expect((await glance('PUT', `/v2/images/${cirros}/tags/gold`)).status).toBe(204);
    expect((await glance('GET', '/v2/images?tag=gold')).json.images).toHaveLength(1);
    expect((await glance('POST', `/v2/images/${cirros}/actions/deactivate`)).status).toBe(204);
    expect((await glance('GET', `/v2/images/${cirros}`)).json.status).toBe('deactivated');
    expect((await glance('POST', `/v2/images/${cirros}/actions/reactivate`)).status).toBe(204);
    expect((await glance('GET', `/v2/images/${cirros}`)).json.status).toBe('active');
  });
});
