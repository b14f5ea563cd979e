/** Endpoint selection (keystoneauth's rules), version discovery and microversion negotiation. */
import { ParameterError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { type CatalogEntry, interfaceList, selectEndpoint } from './catalog.js';
import {
  chooseVersion,
  type DiscoveryAnswer,
  discover,
  discoveryCandidates,
  readVersionDocument,
} from './discovery.js';
import { EndpointNotFound, HttpError } from './errors.js';
import { SERVICES } from './generated/index.js';
import {
  checkMicroversion,
  forOperation,
  inRange,
  microversionHeaders,
  negotiate,
  parseVersion,
} from './microversion.js';

const endpoints = (base: string) =>
  ['RegionOne', 'RegionTwo'].flatMap((region) =>
    ['public', 'internal', 'admin'].map((face) => ({
      interface: face,
      region,
      region_id: region,
      url: `http://${face}.${region.toLowerCase()}${base}`,
    })),
  );

const catalog: CatalogEntry[] = [
  { type: 'compute', name: 'nova', endpoints: endpoints('/compute/v2.1') },
  { type: 'volumev3', name: 'cinderv3', endpoints: endpoints('/volume/v3/p1') },
  { type: 'volumev2', name: 'cinderv2', endpoints: endpoints('/volume/v2/p1') },
  { type: 'image', name: 'glance', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: '' }] },
];

describe('endpoint selection', () => {
  it('takes the interface, then the region', () => {
    const filter = { types: ['compute'], interfaces: ['public'], region: 'RegionTwo' };
    expect(selectEndpoint(catalog, filter)).toBe('http://public.regiontwo/compute/v2.1');
    expect(selectEndpoint(catalog, { ...filter, interfaces: ['internal'] })).toBe(
      'http://internal.regiontwo/compute/v2.1',
    );
    expect(selectEndpoint(catalog, { ...filter, region: undefined })).toBe(
      'http://public.regionone/compute/v2.1',
    );
  });

  it('tries the interfaces in order of preference (publicURL is public)', () => {
    const only = [{ type: 'compute', endpoints: [{ interface: 'internal', url: 'http://i' }] }];
    expect(
      selectEndpoint(only, { types: ['compute'], interfaces: interfaceList('admin,internalURL,public') }),
    ).toBe('http://i');
    expect(interfaceList(['publicURL'])).toEqual(['public']);
    expect(interfaceList(undefined)).toEqual(['public']);
  });

  it('finds block storage under its aliases, the most preferred first', () => {
    const types = [SERVICES.blockStorage.service.type, ...SERVICES.blockStorage.service.aliases];
    expect(selectEndpoint(catalog, { types, interfaces: ['public'], region: 'RegionOne' })).toBe(
      'http://public.regionone/volume/v3/p1',
    );
  });

  it('filters by service name', () => {
    expect(
      selectEndpoint(catalog, {
        types: ['volumev3', 'volumev2'],
        serviceName: 'cinderv2',
        interfaces: ['public'],
      }),
    ).toBe('http://public.regionone/volume/v2/p1');
  });

  it('says what is missing and what the catalog has', () => {
    const miss = (filter: Parameters<typeof selectEndpoint>[1], list = catalog) => {
      try {
        selectEndpoint(list, filter);
      } catch (error) {
        expect(error).toBeInstanceOf(EndpointNotFound);
        expect(error).toBeInstanceOf(HttpError);
        return (error as Error).message;
      }
      throw new Error('found one');
    };
    expect(miss({ types: ['network'], interfaces: ['public'] })).toBe(
      'no endpoint for network with interface public: the catalog has no such service (it lists compute, image, volumev2, volumev3)',
    );
    expect(miss({ types: ['compute'], interfaces: ['public'], region: 'RegionThree' })).toMatch(
      /compute with interface public in region RegionThree: the catalog has admin in RegionOne, .*public in RegionTwo/,
    );
    // An endpoint without URL does not count.
    expect(miss({ types: ['image'], interfaces: ['public'] })).toMatch(/the catalog has public in RegionOne/);
    expect(miss({ types: ['compute'], interfaces: ['public'] }, [])).toMatch(/no service catalog/);
  });
});

describe('version discovery', () => {
  const nova = {
    versions: [
      {
        id: 'v2.0',
        status: 'SUPPORTED',
        version: '',
        min_version: '',
        links: [{ rel: 'self', href: 'http://n/v2/' }],
      },
      {
        id: 'v2.1',
        status: 'CURRENT',
        version: '2.96',
        min_version: '2.1',
        links: [{ rel: 'self', href: 'http://n/v2.1/' }],
      },
    ],
  };
  const keystone = {
    versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: 'http://k/v3/' }] }] },
  };

  it('reads the three document shapes', () => {
    expect(readVersionDocument(nova)?.map((v) => v.id)).toEqual(['v2.0', 'v2.1']);
    expect(readVersionDocument(keystone)?.[0]).toEqual({
      id: 'v3.14',
      status: 'stable',
      microversion: undefined,
      self: 'http://k/v3/',
    });
    expect(
      readVersionDocument({ version: { id: 'v3.0', version: '3.70', min_version: '3.0' } })?.[0]
        ?.microversion,
    ).toEqual({
      min: '3.0',
      max: '3.70',
    });
    expect(readVersionDocument({ servers: [] })).toBeUndefined();
    expect(readVersionDocument('nonsense')).toBeUndefined();
  });

  it('chooses the highest version of the major wanted', () => {
    expect(chooseVersion(readVersionDocument(nova) ?? [], 2)?.id).toBe('v2.1');
    expect(chooseVersion(readVersionDocument(nova) ?? [], 3)).toBeUndefined();
  });

  it('asks the catalog URL, then without the project, then the root', () => {
    expect(discoveryCandidates('http://c/volume/v3/p1/', 'p1')).toEqual([
      'http://c/volume/v3/p1',
      'http://c/volume/v3',
      'http://c/volume',
    ]);
    expect(discoveryCandidates('http://c:9292', undefined)).toEqual(['http://c:9292']);
  });

  const fetcher = (answers: Record<string, DiscoveryAnswer>) => {
    const asked: string[] = [];
    return {
      asked,
      fetch: async (url: string) => {
        asked.push(url);
        return answers[url] ?? { status: 404, body: undefined };
      },
    };
  };

  it('keeps a versioned catalog URL (and its project) and takes the microversions', async () => {
    const { fetch, asked } = fetcher({
      'http://c/volume/v3': {
        status: 200,
        body: { versions: [{ id: 'v3.0', version: '3.70', min_version: '3.0' }] },
      },
    });
    expect(await discover('http://c/volume/v3/p1', 3, '/v3', 'p1', fetch)).toEqual({
      url: 'http://c/volume/v3/p1',
      version: 'v3.0',
      microversion: { min: '3.0', max: '3.70' },
      documentUrl: 'http://c/volume/v3',
    });
    expect(asked).toEqual(['http://c/volume/v3/p1', 'http://c/volume/v3']);
  });

  it("follows the chosen version's self link from an unversioned root (300 Multiple Choices)", async () => {
    const { fetch } = fetcher({ 'http://k/identity': { status: 300, body: keystone } });
    expect((await discover('http://k/identity', 3, '/v3', undefined, fetch)).url).toBe('http://k/v3');
  });

  it('falls back to the catalog URL plus the version prefix when no document helps', async () => {
    const { fetch } = fetcher({ 'http://g:9292': { status: 200, body: { hello: 'world' } } });
    expect(await discover('http://g:9292/', 2, '/v2', undefined, fetch)).toEqual({
      url: 'http://g:9292/v2',
      version: undefined,
      microversion: undefined,
      documentUrl: undefined,
    });
  });
});

describe('microversions', () => {
  it('parse and compare as numbers', () => {
    expect(parseVersion('2.10')).toEqual([2, 10]);
    expect(parseVersion('v3')).toEqual([3, 0]);
    expect(inRange('2.10', { min: '2.9' })).toBe(true);
    expect(inRange('2.9', { min: '2.10' })).toBe(false);
    expect(checkMicroversion('latest', 'x')).toBe('latest');
    expect(() => checkMicroversion('2.latest', 'x')).toThrow(ParameterError);
    expect(() => checkMicroversion('v2.1', 'x')).toThrow(ParameterError);
  });

  it('negotiate to the lower maximum, and to nothing without overlap or discovery', () => {
    expect(negotiate('2.96', { min: '2.1', max: '2.100' })).toBe('2.96');
    expect(negotiate('2.96', { min: '2.1', max: '2.60' })).toBe('2.60');
    expect(negotiate('3.70', { min: '3.80', max: '3.90' })).toBeUndefined();
    expect(negotiate('2.96', undefined)).toBeUndefined();
  });

  it("follow an operation's range", () => {
    const server = { min: '2.1', max: '2.96' };
    expect(forOperation('2.96', { min: '2.73' }, server, 'lockServer')).toBe('2.96');
    expect(forOperation('2.96', { max: '2.35' }, server, 'getNetworks')).toBe('2.35');
    expect(() => forOperation('2.60', { min: '2.73' }, { min: '2.1', max: '2.60' }, 'lockServer')).toThrow(
      /lockServer needs microversion 2.73 or later; the connection uses 2.60 \(the server serves 2.1–2.60\)/,
    );
    expect(() => forOperation('2.96', { max: '2.35' }, { min: '2.40', max: '2.96' }, 'old')).toThrow(
      /removed after/,
    );
  });

  it('are sent as OpenStack-API-Version plus the legacy compute header', () => {
    expect(microversionHeaders(SERVICES.compute.service, '2.79')).toEqual({
      'openstack-api-version': 'compute 2.79',
      'x-openstack-nova-api-version': '2.79',
    });
    expect(microversionHeaders(SERVICES.blockStorage.service, '3.50')).toEqual({
      'openstack-api-version': 'volume 3.50',
    });
    expect(microversionHeaders(SERVICES.image.service, '2.16')).toBeUndefined();
  });
});
