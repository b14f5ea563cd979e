/**
 * The generated layer as the package exports it: tables every call can be built from, and method
 * types that carry the specs' fields (checked by the type checker: `npm run typecheck`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type blockStorage,
  type Connection,
  type compute,
  type HttpError,
  type identity,
  type image,
  type network,
  type OpenStackCallOptions,
  type OperationSpec,
  type ProxyMethods,
  type RawResponse,
  SERVICES,
} from './index.js';

const rows = (name: keyof typeof SERVICES) => Object.entries(SERVICES[name].operations);

describe('the operation tables', () => {
  it('hold every service, with its catalog type and version prefix', () => {
    expect(Object.fromEntries(Object.entries(SERVICES).map(([name, s]) => [name, s.service]))).toEqual({
      compute: {
        type: 'compute',
        aliases: [],
        apiVersion: '2.96',
        versionPrefix: '/v2.1',
        microversion: { header: 'compute', legacyHeader: 'X-OpenStack-Nova-API-Version', max: '2.96' },
      },
      identity: { type: 'identity', aliases: [], apiVersion: '3.14', versionPrefix: '/v3' },
      image: { type: 'image', aliases: [], apiVersion: '2.16', versionPrefix: '/v2' },
      network: { type: 'network', aliases: [], apiVersion: '2.0', versionPrefix: '/v2.0' },
      blockStorage: {
        type: 'block-storage',
        aliases: ['volumev3', 'volumev2', 'volume', 'block-store'],
        apiVersion: '3.70',
        versionPrefix: '/v3',
        microversion: { header: 'volume', max: '3.70' },
      },
    });
    expect(
      Object.fromEntries(Object.keys(SERVICES).map((name) => [name, rows(name as never).length])),
    ).toEqual({
      compute: 296,
      identity: 361,
      image: 76,
      network: 348,
      blockStorage: 209,
    });
  });

  it('name the path parameters of every row in path order', () => {
    for (const name of Object.keys(SERVICES) as (keyof typeof SERVICES)[]) {
      for (const [method, row] of rows(name)) {
        const inPath = [...row.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
        expect(row.pathParams ?? [], `${name}.${method}`).toEqual(inPath);
        if (row.list) expect(row.method, `${name}.${method}`).toBe('GET');
      }
    }
  });

  it('say how to send a call and read its answer', () => {
    expect(SERVICES.compute.operations['rebootServer']).toEqual({
      method: 'POST',
      path: '/servers/{id}/action',
      pathParams: ['id'],
      request: { key: 'reboot' },
      action: 'reboot',
      statuses: [201, 202, 204],
    } satisfies OperationSpec);
    expect(SERVICES.compute.operations['lockServer']?.microversion).toEqual({ min: '2.73' });
    expect(SERVICES.compute.operations['servers']).toMatchObject({
      method: 'GET',
      path: '/servers/detail',
      list: { key: 'servers', next: 'servers_links' },
      queryInfo: { locked: { microversion: { min: '2.73' } } },
    });
    expect(SERVICES.image.operations['uploadImageFile']).toMatchObject({
      method: 'PUT',
      path: '/images/{image_id}/file',
      request: { encoding: 'binary', contentType: 'application/octet-stream' },
    });
    expect(SERVICES.image.operations['images']?.list).toEqual({ key: 'images', next: 'next' });
    expect(SERVICES.blockStorage.operations['volumes']).toMatchObject({
      path: '/volumes/detail',
      alsoAt: ['/{project_id}/volumes/detail'],
    });
    expect(SERVICES.identity.finds['findProject']).toEqual({
      list: 'projects',
      show: 'getProject',
      nameField: 'name',
      nameFilter: true,
    });
  });
});

describe('the method types', () => {
  it('carry the wire names of the specs', () => {
    expectTypeOf<compute.ServersItem>().toHaveProperty('OS-EXT-STS:vm_state');
    expectTypeOf<compute.CreateServerBody>().toHaveProperty('imageRef');
    expectTypeOf<compute.CreateServerBody>().toHaveProperty('flavorRef');
    expectTypeOf<compute.RebootServerBody['type']>().toEqualTypeOf<
      'HARD' | 'Hard' | 'hard' | 'SOFT' | 'Soft' | 'soft'
    >();
    expectTypeOf<identity.ProjectsItem>().toHaveProperty('domain_id');
    expectTypeOf<network.NetworksItem>().toHaveProperty('admin_state_up');
    expectTypeOf<blockStorage.VolumesItem>().toHaveProperty('status');
    // Glance's open image properties do not turn the declared ones into never.
    expectTypeOf<image.GetImageResult['size']>().toEqualTypeOf<number | null | undefined>();
  });

  it('type every method of the proxies', () => {
    type Compute = ProxyMethods['compute'];
    expectTypeOf<Compute['servers']>().returns.toEqualTypeOf<AsyncIterableIterator<compute.ServersItem>>();
    expectTypeOf<Compute['getServer']>().parameters.toEqualTypeOf<
      [id: string, options?: OpenStackCallOptions]
    >();
    expectTypeOf<Compute['startServer']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<Compute['findServer']>().returns.toEqualTypeOf<Promise<compute.ServersItem | undefined>>();
    expectTypeOf<ProxyMethods['image']['downloadImageFile']>().returns.toEqualTypeOf<
      Promise<AsyncIterable<Uint8Array>>
    >();
  });
});

describe('the connection', () => {
  it('types each proxy with its generated methods, the raw layer and the waits', () => {
    expectTypeOf<Connection['compute']['servers']>().returns.toEqualTypeOf<
      AsyncIterableIterator<compute.ServersItem>
    >();
    expectTypeOf<Connection['image']['findImage']>().returns.toEqualTypeOf<
      Promise<image.ImagesItem | undefined>
    >();
    expectTypeOf<Connection['compute']['waitForServer']>().returns.toEqualTypeOf<
      Promise<compute.GetServerResult>
    >();
    expectTypeOf<Connection['identity']['get']>().returns.toEqualTypeOf<Promise<RawResponse<unknown>>>();
    expectTypeOf<Connection['listServers']>().returns.toEqualTypeOf<Promise<compute.ServersItem[]>>();
    expectTypeOf<HttpError['status']>().toEqualTypeOf<number | undefined>();
  });
});
