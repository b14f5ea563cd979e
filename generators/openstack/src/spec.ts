/**
 * Reading a parsed OpenAPI 3.1 document the way the reader needs it: local `$ref`s followed,
 * `x-openstack` extensions read, and every shape checked where it is used (a schema that is not
 * what it should be fails naming the place, never silently).
 */
import type { VersionRange } from './ir.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new Error(`${where}: expected an object`);
  return value;
}

export function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${where}: expected a string`);
  return value;
}

/** A parsed spec with its components, for following `#/components/...` references. */
export class Spec {
  readonly document: JsonObject;

  constructor(document: unknown) {
    this.document = objectAt(document, 'the document');
  }

  get paths(): JsonObject {
    return objectAt(this.document['paths'], 'paths');
  }

  get info(): JsonObject {
    return objectAt(this.document['info'], 'info');
  }

  /** Follows `$ref`s until a node that is not one; cycles and dangling references fail. */
  resolve(node: unknown, where: string): JsonObject {
    let current = objectAt(node, where);
    const seen = new Set<string>();
    while (typeof current['$ref'] === 'string') {
      const ref = current['$ref'];
      if (seen.has(ref)) throw new Error(`${where}: $ref cycle through ${ref}`);
      seen.add(ref);
      current = this.target(ref, where);
    }
    return current;
  }

  /** The node a local reference (`#/components/schemas/Server`) points to. */
  target(ref: string, where: string): JsonObject {
    if (!ref.startsWith('#/')) throw new Error(`${where}: only local references are supported, got ${ref}`);
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[key] : undefined;
      if (node === undefined) throw new Error(`${where}: $ref ${ref} points to nothing`);
    }
    return objectAt(node, `${where} ($ref ${ref})`);
  }
}

/** The last segment of a `#/components/<kind>/<Name>` reference, when `node` is one. */
export function refName(node: unknown, kind: 'schemas' | 'parameters'): string | undefined {
  if (!isObject(node) || typeof node['$ref'] !== 'string') return undefined;
  const prefix = `#/components/${kind}/`;
  return node['$ref'].startsWith(prefix) ? node['$ref'].slice(prefix.length) : undefined;
}

/** `x-openstack` of a node (an empty object when absent). */
export function xOpenStack(node: JsonObject, where: string): JsonObject {
  const value = node['x-openstack'];
  return value === undefined ? {} : objectAt(value, `${where} x-openstack`);
}

/** The microversion range `x-openstack` gives a node, or undefined when it gives none. */
export function versionRange(node: JsonObject, where: string): VersionRange | undefined {
  const x = xOpenStack(node, where);
  const min = versionAt(x['min-ver'], `${where} x-openstack.min-ver`);
  const max = versionAt(x['max-ver'], `${where} x-openstack.max-ver`);
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined && max !== undefined && compareVersions(min, max) > 0) {
    throw new Error(`${where}: x-openstack min-ver ${min} is above max-ver ${max}`);
  }
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

function versionAt(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  // YAML reads an unquoted 2.1 as a number; a microversion is text.
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+\.\d+$/.test(text)) {
    throw new Error(`${where}: expected a version like "2.1", got ${JSON.stringify(value)}`);
  }
  return text;
}

/** Orders microversions numerically per part: 2.9 < 2.10. */
export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The smallest range holding both (an open end stays open). */
export function widen(a: VersionRange, b: VersionRange): VersionRange {
  const min = a.min === undefined || b.min === undefined ? undefined : lower(a.min, b.min);
  const max = a.max === undefined || b.max === undefined ? undefined : higher(a.max, b.max);
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

const lower = (a: string, b: string) => (compareVersions(a, b) <= 0 ? a : b);
const higher = (a: string, b: string) => (compareVersions(a, b) >= 0 ? a : b);

/** The JSON schema `type` of a node as text: `string`, `integer|string`, or `` when absent. */
export function schemaType(schema: JsonObject): string {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string').join('|');
  return '';
}
