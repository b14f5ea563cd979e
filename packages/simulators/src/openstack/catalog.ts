/**
 * The service catalog: where each service of each region is served, as Keystone hands it out in
 * tokens and under `/v3/services`, `/v3/endpoints`, `/v3/regions`. Every region has a public,
 * an internal and an admin endpoint (the same URL, as in devstack); block storage is listed as
 * `block-storage` and again as the older `volumev3`, as real clouds do.
 */
import { stableHexId } from './common.js';

export const INTERFACES = ['public', 'internal', 'admin'] as const;

export interface CatalogService {
  type: string;
  name: string;
  /** The path of the endpoint below the region's root; `$(project_id)s` is the token's project. */
  path: string;
  /** Served once for every region (Keystone), not under a region prefix. */
  global?: boolean;
}

export const CATALOG_SERVICES: readonly CatalogService[] = [
  { type: 'identity', name: 'keystone', path: '/identity', global: true },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'image', name: 'glance', path: '/image' },
  { type: 'network', name: 'neutron', path: '/network' },
  { type: 'block-storage', name: 'cinder', path: '/volume/v3/$(project_id)s' },
  { type: 'volumev3', name: 'cinderv3', path: '/volume/v3/$(project_id)s' },
];

export interface CatalogEndpoint {
  id: string;
  interface: (typeof INTERFACES)[number];
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

export function serviceId(type: string): string {
  return stableHexId(`service:${type}`);
}

export function endpointId(type: string, region: string, face: string): string {
  return stableHexId(`endpoint:${type}:${region}:${face}`);
}

/**
 * The catalog of a token: URLs under `url` (the simulator's), region prefixes from `prefixOf`,
 * `$(project_id)s` filled in with `projectId`; without a project, endpoints that need one are
 * left out (as Keystone leaves out URLs it cannot format).
 */
export function buildCatalog(
  url: string,
  regions: readonly string[],
  prefixOf: (region: string) => string,
  projectId: string | undefined,
): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const service of CATALOG_SERVICES) {
    const needsProject = service.path.includes('$(project_id)s');
    if (needsProject && projectId === undefined) continue;
    const path = service.path.replace('$(project_id)s', projectId ?? '');
    entries.push({
      id: serviceId(service.type),
      type: service.type,
      name: service.name,
      endpoints: regions.flatMap((region) =>
        INTERFACES.map((face) => ({
          id: endpointId(service.type, region, face),
          interface: face,
          region,
          region_id: region,
          url: `${url}${service.global ? '' : prefixOf(region)}${path}`,
        })),
      ),
    });
  }
  return entries;
}

/** `/v3/endpoints` entries: the catalog's URLs unformatted (`$(project_id)s` kept). */
export function endpointList(
  url: string,
  regions: readonly string[],
  prefixOf: (region: string) => string,
): { id: string; interface: string; region: string; region_id: string; service_id: string; url: string }[] {
  return CATALOG_SERVICES.flatMap((service) =>
    regions.flatMap((region) =>
      INTERFACES.map((face) => ({
        id: endpointId(service.type, region, face),
        interface: face,
        region,
        region_id: region,
        service_id: serviceId(service.type),
        url: `${url}${service.global ? '' : prefixOf(region)}${service.path}`,
        enabled: true,
      })),
    ),
  );
}
