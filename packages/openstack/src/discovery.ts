/**
 * Version discovery as keystoneauth does it: the catalog's URL (or an endpoint override) is asked
 * for its version document, then the same URL without the project id, then the service's root
 * (the URL cut before its version segment). A document is a single version (`{"version": …}`, 200
 * from a versioned URL) or a list (`{"versions": […]}` or Keystone's `{"versions": {"values": […]}}`,
 * usually 300 Multiple Choices from a root). Of the versions with the major version wanted, the
 * highest is taken; its `min_version` and `max_version` (or `version`) are the microversions the
 * server serves.
 *
 * The versioned endpoint is the catalog URL itself when it already names that major version
 * (keeping a project id after it, as Cinder's `/v3/{project_id}`), else the chosen version's `self`
 * link (Glance's `/v2/`, Neutron's `/v2.0/`, Keystone's `/v3/`). Without a usable document the
 * catalog URL is used as it is when versioned, else with the spec's version prefix appended, and
 * no microversion is sent.
 */
import { parseVersion, type ServerRange } from './microversion.js';

/** One version of a version document. */
export interface DiscoveredVersion {
  id: string;
  status: string | undefined;
  /** The microversions it serves, when it has them. */
  microversion: ServerRange | undefined;
  /** Its `self` link. */
  self: string | undefined;
}

/** What discovery found for a service. */
export interface Discovery {
  /** The versioned endpoint every path of the service is relative to (no trailing slash). */
  url: string;
  /** The API version chosen (`v2.1`), when a document said. */
  version: string | undefined;
  /** The microversions the server serves, when it has them. */
  microversion: ServerRange | undefined;
  /** The URL whose document was used, or undefined when none was usable. */
  documentUrl: string | undefined;
}

/** An answer to a discovery request: its status and its body when it was JSON. */
export interface DiscoveryAnswer {
  status: number;
  body: unknown;
}

export type DiscoveryFetch = (url: string) => Promise<DiscoveryAnswer | undefined>;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readVersion(value: unknown): DiscoveredVersion | undefined {
  const v = record(value);
  const id = text(v?.['id']);
  if (v === undefined || id === undefined || parseVersion(id) === undefined) return undefined;
  const max = text(v['max_version']) ?? text(v['version']);
  const min = text(v['min_version']);
  const links = Array.isArray(v['links']) ? v['links'] : [];
  const self = links.map(record).find((link) => link?.['rel'] === 'self')?.['href'];
  return {
    id,
    status: text(v['status']),
    microversion: max === undefined ? undefined : { min: min ?? max, max },
    self: typeof self === 'string' ? self : undefined,
  };
}

/** The versions a document lists, or undefined when it is not a version document. */
export function readVersionDocument(body: unknown): DiscoveredVersion[] | undefined {
  const doc = record(body);
  if (doc === undefined) return undefined;
  let list: unknown[] | undefined;
  if (record(doc['version']) !== undefined) list = [doc['version']];
  else if (Array.isArray(doc['versions'])) list = doc['versions'];
  else if (Array.isArray(record(doc['versions'])?.['values']))
    list = record(doc['versions'])?.['values'] as unknown[];
  if (list === undefined) return undefined;
  return list.map(readVersion).filter((v): v is DiscoveredVersion => v !== undefined);
}

/** The highest version of `major` (deprecated ones only when nothing else is left). */
export function chooseVersion(
  versions: readonly DiscoveredVersion[],
  major: number,
): DiscoveredVersion | undefined {
  const ofMajor = versions.filter((v) => parseVersion(v.id)?.[0] === major);
  const live = ofMajor.filter((v) => !/deprecated|deleted/i.test(v.status ?? ''));
  const pool = live.length > 0 ? live : ofMajor;
  let best: DiscoveredVersion | undefined;
  for (const v of pool) {
    const [, minor] = parseVersion(v.id) as readonly [number, number];
    const bestMinor = best === undefined ? -1 : (parseVersion(best.id) as readonly [number, number])[1];
    if (minor > bestMinor) best = v;
  }
  return best;
}

const VERSION_SEGMENT = /^v(\d+)(?:\.\d+)?$/i;

/** The major version named by the URL's last version segment, and the root before it. */
function versionSegment(url: URL): { major: number; root: string; index: number } | undefined {
  const segments = url.pathname.split('/');
  for (let i = segments.length - 1; i >= 0; i--) {
    const match = VERSION_SEGMENT.exec(segments[i] ?? '');
    if (match !== null) {
      const root = new URL(url.href);
      root.pathname = segments.slice(0, i).join('/') || '/';
      root.search = '';
      return { major: Number(match[1]), root: trimSlash(root.href), index: i };
    }
  }
  return undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The URLs asked for a document, in keystoneauth's order. */
export function discoveryCandidates(catalogUrl: string, projectId: string | undefined): string[] {
  const base = trimSlash(catalogUrl);
  const candidates = [base];
  if (projectId !== undefined && projectId !== '' && base.endsWith(`/${projectId}`)) {
    candidates.push(base.slice(0, -(projectId.length + 1)));
  }
  const segment = versionSegment(new URL(base));
  if (segment !== undefined) candidates.push(segment.root);
  return [...new Set(candidates)];
}

/**
 * Discovers the versioned endpoint and microversions of a service at `catalogUrl`.
 *
 * @param major the major API version wanted (2 for compute, 3 for identity…)
 * @param versionPrefix appended to an unversioned URL when no document helps (`/v2.1`)
 * @param fetch asks one URL for its document; transport errors propagate
 */
export async function discover(
  catalogUrl: string,
  major: number,
  versionPrefix: string,
  projectId: string | undefined,
  fetch: DiscoveryFetch,
): Promise<Discovery> {
  const base = trimSlash(catalogUrl);
  const segment = versionSegment(new URL(base));
  const catalogIsVersioned = segment?.major === major;
  for (const candidate of discoveryCandidates(base, projectId)) {
    const answer = await fetch(candidate);
    if (answer === undefined || (answer.status !== 200 && answer.status !== 300)) continue;
    const versions = readVersionDocument(answer.body);
    if (versions === undefined) continue;
    const chosen = chooseVersion(versions, major);
    if (chosen === undefined) continue;
    const url = catalogIsVersioned || chosen.self === undefined ? undefined : trimSlash(chosen.self);
    return {
      url: url ?? (catalogIsVersioned ? base : `${base}${versionPrefix}`),
      version: chosen.id,
      microversion: chosen.microversion,
      documentUrl: candidate,
    };
  }
  return {
    url: catalogIsVersioned ? base : `${base}${versionPrefix}`,
    version: undefined,
    microversion: undefined,
    documentUrl: undefined,
  };
}

/** The major version of a spec's version prefix (`/v2.1` → 2) or of an `api_version` setting. */
export function majorOf(version: string): number {
  const parsed = parseVersion(version.replace(/^\//, ''));
  return parsed?.[0] ?? 1;
}
