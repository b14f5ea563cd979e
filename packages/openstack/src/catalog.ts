/**
 * Choosing an endpoint from Keystone's service catalog as keystoneauth's `ServiceCatalog` does:
 * the service type or any of its aliases (`block-storage` ~ `volumev3`, `volumev2`, `volume`), an
 * optional service name, the interfaces in order of preference (the first one with any match
 * wins; `publicURL` means `public`), and the region (`region_id` or `region`). Endpoints without a
 * URL are skipped. When nothing matches, `EndpointNotFound` says what was asked for and what the
 * catalog has.
 */
import { EndpointNotFound } from './errors.js';

export interface CatalogEndpoint {
  id?: string;
  interface?: string;
  region?: string | null;
  region_id?: string | null;
  url?: string;
}

export interface CatalogEntry {
  id?: string;
  type?: string;
  name?: string;
  endpoints?: CatalogEndpoint[];
}

export interface EndpointFilter {
  /** The catalog types to accept, most preferred first (the official type, then its aliases). */
  types: readonly string[];
  /** Only entries with this name (`<service>_service_name`). */
  serviceName?: string | undefined;
  /** In order of preference. */
  interfaces: readonly string[];
  /** Only endpoints of this region; any region when undefined or ''. */
  region?: string | undefined;
}

/** keystoneauth's interface names: `publicURL` → `public`. */
export function normalizeInterface(value: string): string {
  const trimmed = value.trim();
  return trimmed.endsWith('URL') ? trimmed.slice(0, -3) : trimmed;
}

/** The interfaces an `interface` setting names, in order (`'internal,public'`, a list, or one). */
export function interfaceList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return ['public'];
  const list = typeof value === 'string' ? value.split(',') : [...value];
  const names = list.map(normalizeInterface).filter((name) => name !== '');
  return names.length === 0 ? ['public'] : names;
}

/** The URL of the first matching endpoint; `EndpointNotFound` when there is none. */
export function selectEndpoint(catalog: readonly CatalogEntry[], filter: EndpointFilter): string {
  const entries = catalog.filter(
    (entry) =>
      entry.type !== undefined &&
      filter.types.includes(entry.type) &&
      (filter.serviceName === undefined || filter.serviceName === '' || entry.name === filter.serviceName),
  );
  const region = filter.region === '' ? undefined : filter.region;
  for (const face of filter.interfaces) {
    for (const type of filter.types) {
      for (const entry of entries) {
        if (entry.type !== type) continue;
        for (const endpoint of entry.endpoints ?? []) {
          if (typeof endpoint.url !== 'string' || endpoint.url === '') continue;
          if (normalizeInterface(endpoint.interface ?? '') !== face) continue;
          if (
            region !== undefined &&
            (endpoint.region_id ?? endpoint.region) !== region &&
            endpoint.region !== region
          )
            continue;
          return endpoint.url;
        }
      }
    }
  }
  throw new EndpointNotFound(describeMiss(catalog, entries, filter, region), {
    ...(filter.types[0] === undefined ? {} : { service: filter.types[0] }),
  });
}

function describeMiss(
  catalog: readonly CatalogEntry[],
  entries: readonly CatalogEntry[],
  filter: EndpointFilter,
  region: string | undefined,
): string {
  const asked =
    `${filter.types.join(' / ')}` +
    (filter.serviceName ? ` named ${filter.serviceName}` : '') +
    ` with interface ${filter.interfaces.join(' or ')}` +
    (region === undefined ? '' : ` in region ${region}`);
  if (catalog.length === 0) {
    return `no endpoint for ${asked}: the token has no service catalog (is it scoped to a project?)`;
  }
  if (entries.length === 0) {
    const types = [...new Set(catalog.map((entry) => entry.type).filter(Boolean))].sort();
    return `no endpoint for ${asked}: the catalog has no such service (it lists ${types.join(', ')})`;
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    for (const endpoint of entry.endpoints ?? []) {
      seen.add(
        `${normalizeInterface(endpoint.interface ?? '?')} in ${endpoint.region_id ?? endpoint.region ?? 'no region'}`,
      );
    }
  }
  return `no endpoint for ${asked}: the catalog has ${[...seen].sort().join(', ') || 'no endpoints for it'}`;
}
