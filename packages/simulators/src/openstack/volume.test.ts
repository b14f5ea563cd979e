import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, poll, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

let sim: RunningOpenStackSimulator;
let token: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20 });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

function cinder(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(sim, method, `/volume/v3/${sim.projectId}${path}`, {
    token,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

describe('Cinder', () => {
  it('answers version discovery (3.0–3.70) with 300 at /volume/ and 200 at /volume/v3/', async () => {
    const root = await call(sim, 'GET', '/volume/');
    expect(root.status).toBe(300);
    expect(root.json.versions[0]).toMatchObject({
      id: 'v3.0',
      status: 'CURRENT',
      version: '3.70',
      min_version: '3.0',
    });
    expect(root.json.versions[0].links).toContainEqual({ rel: 'self', href: `${sim.url}/volume/v3/` });
    expect((await call(sim, 'GET', '/volume/v3/')).status).toBe(200);
  });

  it('creates a volume (creating → available), lists it, deletes it (deleting → gone)', async () => {
    token = await projectToken(sim);
    const created = await cinder('POST', '/volumes', {
      volume: { size: 2, name: 'data', metadata: { tier: 'gold' } },
    });
    expect(created.status).toBe(202);
    const volume = created.json.volume;
    expect(volume).toMatchObject({
      name: 'data',
      size: 2,
      status: 'creating',
      bootable: 'false',
      volume_type: 'lvmdriver-1',
      availability_zone: 'nova',
      metadata: { tier: 'gold' },
      'os-vol-tenant-attr:tenant_id': sim.projectId,
      user_id: sim.userId,
      attachments: [],
    });
    expect(volume.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(created.headers.get('openstack-api-version')).toBe('volume 3.0');
    expect(created.headers.get('x-openstack-request-id')).toMatch(/^req-/);

    const early = await cinder('DELETE', `/volumes/${volume.id}`);
    expect(early.status).toBe(400);
    expect(early.json.badRequest.message).toMatch(/^Invalid volume: Volume status must be available/);

    await poll(
      () => cinder('GET', `/volumes/${volume.id}`),
      (answer) => answer.json.volume.status === 'available',
    );
    const summary = await cinder('GET', '/volumes');
    expect(summary.json.volumes).toEqual([
      {
        id: volume.id,
        name: 'data',
        links: [
          { href: `${sim.url}/volume/v3/${sim.projectId}/volumes/${volume.id}`, rel: 'self' },
          { href: `${sim.url}/volume/${sim.projectId}/volumes/${volume.id}`, rel: 'bookmark' },
        ],
      },
    ]);
    expect((await cinder('DELETE', `/volumes/${volume.id}`)).status).toBe(202);
    expect((await cinder('GET', `/volumes/${volume.id}`)).json.volume.status).toBe('deleting');
    const gone = await poll(
      () => cinder('GET', `/volumes/${volume.id}`),
      (answer) => answer.status === 404,
    );
    expect(gone.json).toEqual({
      itemNotFound: { code: 404, message: `Volume ${volume.id} could not be found.` },
    });
  });

  it('pages /volumes/detail with volumes_links, newest first', async () => {
    token = await projectToken(sim);
    for (let index = 0; index < 5; index++)
      await cinder('POST', '/volumes', { volume: { size: 1, name: `v${index}` } });
    const names: string[] = [];
    let path = '/volumes/detail?limit=2';
    for (let pages = 0; pages < 5; pages++) {
      const page = await cinder('GET', path);
      names.push(...page.json.volumes.map((v: { name: string }) => v.name));
      const next = page.json.volumes_links?.[0];
      if (next === undefined) break;
      expect(next.rel).toBe('next');
      path = next.href.slice(`${sim.url}/volume/v3/${sim.projectId}`.length);
    }
    expect(names).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    const counted = await cinder('GET', '/volumes/detail?with_count=true', undefined, {
      'OpenStack-API-Version': 'volume 3.45',
    });
    expect(counted.json.count).toBe(5);
  });

  it('honours the volume microversion: echo, fields by version, 406 outside 3.0–3.70', async () => {
    token = await projectToken(sim);
    const id = (await cinder('POST', '/volumes', { volume: { size: 1 } })).json.volume.id;
    const modern = await cinder('GET', `/volumes/${id}`, undefined, {
      'OpenStack-API-Version': 'volume 3.65',
    });
    expect(modern.headers.get('openstack-api-version')).toBe('volume 3.65');
    expect(modern.headers.get('vary')).toBe('OpenStack-API-Version');
    expect(modern.json.volume).toMatchObject({
      group_id: null,
      consumes_quota: true,
      volume_type_id: expect.any(String),
    });
    const base = await cinder('GET', `/volumes/${id}`);
    expect(base.json.volume).not.toHaveProperty('group_id');
    const refused = await cinder('GET', '/volumes', undefined, { 'OpenStack-API-Version': 'volume 3.71' });
    expect(refused.status).toBe(406);
    expect(refused.json.computeFault.message).toBe(
      'Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.',
    );
  });

  it('serves URLs without the project id, refuses another project’s, and extends volumes', async () => {
    token = await projectToken(sim);
    const id = (await cinder('POST', '/volumes', { volume: { size: 1, imageRef: undefined } })).json.volume
      .id;
    const short = await call(sim, 'GET', `/volume/v3/volumes/${id}`, { token });
    expect(short.status).toBe(200);
    const other = await call(sim, 'GET', '/volume/v3/0123456789abcdef0123456789abcdef/volumes', { token });
    expect(other.status).toBe(400);
    expect(other.json.badRequest.message).toBe('Malformed request url');
    await poll(
      () => cinder('GET', `/volumes/${id}`),
      (answer) => answer.json.volume.status === 'available',
    );
    expect((await cinder('POST', `/volumes/${id}/action`, { 'os-extend': { new_size: 3 } })).status).toBe(
      202,
    );
    const extended = await poll(
      () => cinder('GET', `/volumes/${id}`),
      (answer) => answer.json.volume.status === 'available',
    );
    expect(extended.json.volume.size).toBe(3);
    const types = await cinder('GET', '/types');
    expect(types.json.volume_types.map((t: { name: string }) => t.name)).toEqual([
      'lvmdriver-1',
      '__DEFAULT__',
    ]);
    const badType = await cinder('POST', '/volumes', { volume: { size: 1, volume_type: 'nope' } });
    expect(badType.status).toBe(404);
  });

  it('a volume from an image becomes bootable and carries the image metadata', async () => {
    token = await projectToken(sim);
    const image = (await call(sim, 'GET', '/image/v2/images', { token })).json.images[0];
    const id = (await cinder('POST', '/volumes', { volume: { size: 1, imageRef: image.id } })).json.volume.id;
    const ready = await poll(
      () => cinder('GET', `/volumes/${id}`),
      (answer) => answer.json.volume.status === 'available',
    );
    expect(ready.json.volume).toMatchObject({
      bootable: 'true',
      volume_image_metadata: expect.objectContaining({ image_id: image.id, image_name: image.name }),
    });
  });
});
