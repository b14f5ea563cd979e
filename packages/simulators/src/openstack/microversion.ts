/**
 * Microversion negotiation as Nova and Cinder do it (microversion_parse + their
 * `APIVersionRequest`): `OpenStack-API-Version: <service> <version>` first, then the legacy
 * header (Nova's `X-OpenStack-Nova-API-Version`), `latest` meaning the maximum, no header meaning
 * the minimum; a malformed version is a 400, one outside the range a 406. The answer echoes the
 * version in effect in the same headers and says `Vary` on them.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { SimulatorRequest } from '../types.js';
import { ApiFault } from './common.js';

export type Version = readonly [major: number, minor: number];

export interface MicroversionRange {
  /** The service type in the header, e.g. `compute`, `volume`. */
  service: string;
  min: Version;
  max: Version;
  /** Nova's `X-OpenStack-Nova-API-Version` (as it is written in answers). */
  legacyHeader?: string;
}

export const COMPUTE_VERSIONS: MicroversionRange = {
  service: 'compute',
  min: [2, 1],
  max: [2, 96],
  legacyHeader: 'X-OpenStack-Nova-API-Version',
};

export const VOLUME_VERSIONS: MicroversionRange = { service: 'volume', min: [3, 0], max: [3, 70] };

export function formatVersion([major, minor]: Version): string {
  return `${major}.${minor}`;
}

export function atLeast(version: Version, major: number, minor: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** The version text a request asks for, as microversion_parse finds it (undefined: none). */
function requested(request: SimulatorRequest, range: MicroversionRange): string | undefined {
  const header = request.headers['openstack-api-version'];
  const values = (Array.isArray(header) ? header : header === undefined ? [] : [header])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().split(/\s+/));
  for (const [service, version] of values) {
    if (service?.toLowerCase() === range.service && version !== undefined) return version;
  }
  if (range.legacyHeader !== undefined) {
    const legacy = request.headers[range.legacyHeader.toLowerCase()];
    const value = Array.isArray(legacy) ? legacy.join(',') : legacy;
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The microversion in effect for a request, or the service's 400/406 as an `ApiFault`. */
export function negotiate(request: SimulatorRequest, range: MicroversionRange): Version {
  const text = requested(request, range);
  if (text === undefined) return range.min;
  if (text.toLowerCase() === 'latest') return range.max;
  const match = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text);
  if (!match) {
    throw new ApiFault(
      400,
      `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  const version: Version = [Number(match[1]), Number(match[2])];
  if (!atLeast(version, ...range.min) || atLeast(version, range.max[0], range.max[1] + 1)) {
    throw new ApiFault(
      406,
      `Version ${text} is not supported by the API. Minimum is ${formatVersion(range.min)} and maximum is ${formatVersion(range.max)}.`,
    );
  }
  return version;
}

/** The headers that echo the version in effect. */
export function versionHeaders(range: MicroversionRange, version: Version): OutgoingHttpHeaders {
  const text = formatVersion(version);
  const headers: OutgoingHttpHeaders = {
    'OpenStack-API-Version': `${range.service} ${text}`,
    Vary: range.legacyHeader ? `OpenStack-API-Version, ${range.legacyHeader}` : 'OpenStack-API-Version',
  };
  if (range.legacyHeader) headers[range.legacyHeader] = text;
  return headers;
}
