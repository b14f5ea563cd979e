/**
 * Microversions as keystoneauth and openstacksdk handle them: `X.Y` compared as numbers, `latest`,
 * negotiation (the lower of what the client supports and what the server offers; nothing when
 * they do not overlap or the server says nothing), and the headers (`OpenStack-API-Version:
 * <service> <version>` plus the service's legacy header, the caller's own headers winning).
 */
import { ParameterError } from '@overcast/runtime/errors';
import type { ServiceSpec, VersionRange } from './operation-types.js';

/** `[major, minor]`; `latest` is infinitely high. */
export type Version = readonly [number, number];

const LATEST: Version = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];

/** Parses `2.79`, `v2.1`, `3`, `latest`; undefined for anything else (`''`, `2.latest`). */
export function parseVersion(text: string | undefined): Version | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === 'latest') return LATEST;
  const match = /^v?(\d+)(?:\.(\d+))?$/i.exec(trimmed);
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

export function formatVersion(version: Version): string {
  return version[0] === Number.POSITIVE_INFINITY ? 'latest' : `${version[0]}.${version[1]}`;
}

/** A microversion a caller gave: `X.Y` or `latest`; anything else is a ParameterError. */
export function checkMicroversion(text: string, what: string): string {
  const version = parseVersion(text);
  if (version === undefined || (/^v/i.test(text.trim()) && version !== LATEST)) {
    throw new ParameterError(
      `${what}: ${JSON.stringify(text)} is not a microversion (write it as 2.79 or latest)`,
    );
  }
  return text.trim();
}

/** What version discovery says a service serves. */
export interface ServerRange {
  min: string;
  max: string;
}

/**
 * openstacksdk's negotiation: the lower of the client's highest and the server's highest; none when
 * the server gave no range or the client's highest is below the server's lowest.
 */
export function negotiate(clientMax: string, server: ServerRange | undefined): string | undefined {
  if (server === undefined) return undefined;
  const ours = parseVersion(clientMax);
  const min = parseVersion(server.min);
  const max = parseVersion(server.max);
  if (ours === undefined || max === undefined) return undefined;
  if (min !== undefined && compareVersions(ours, min) < 0) return undefined;
  return formatVersion(compareVersions(ours, max) <= 0 ? ours : max);
}

/** Whether `version` lies within `range` (either end open); `latest` is above every bound. */
export function inRange(version: string, range: VersionRange | undefined): boolean {
  if (range === undefined) return true;
  const v = parseVersion(version);
  if (v === undefined) return true;
  const min = parseVersion(range.min);
  const max = parseVersion(range.max);
  return (
    (min === undefined || compareVersions(v, min) >= 0) && (max === undefined || compareVersions(v, max) <= 0)
  );
}

/**
 * The microversion an operation is sent with, given the negotiated one: an operation that ends
 * before it (removed in a later microversion) is sent with its own highest when the server still
 * serves that; one that starts after it is a ParameterError naming both (it would fail).
 */
export function forOperation(
  negotiated: string | undefined,
  operation: VersionRange | undefined,
  server: ServerRange | undefined,
  what: string,
): string | undefined {
  if (negotiated === undefined || operation === undefined) return negotiated;
  const v = parseVersion(negotiated);
  if (v === undefined) return negotiated;
  const min = parseVersion(operation.min);
  const max = parseVersion(operation.max);
  if (min !== undefined && compareVersions(v, min) < 0) {
    throw new ParameterError(
      `${what} needs microversion ${operation.min} or later; the connection uses ${negotiated}` +
        (server === undefined ? '' : ` (the server serves ${server.min}–${server.max})`),
    );
  }
  if (max !== undefined && compareVersions(v, max) > 0) {
    const serverMin = parseVersion(server?.min);
    if (serverMin === undefined || compareVersions(max, serverMin) >= 0) return operation.max;
    throw new ParameterError(
      `${what} was removed after microversion ${operation.max}; the server serves ${server?.min}–${server?.max}`,
    );
  }
  return negotiated;
}

/** The headers that ask for `version` of `service` (none for a service without microversions). */
export function microversionHeaders(
  service: ServiceSpec,
  version: string | undefined,
): Record<string, string> | undefined {
  if (version === undefined || service.microversion === undefined) return undefined;
  const headers: Record<string, string> = {
    'openstack-api-version': `${service.microversion.header} ${version}`,
  };
  if (service.microversion.legacyHeader !== undefined) {
    headers[service.microversion.legacyHeader.toLowerCase()] = version;
  }
  return headers;
}
