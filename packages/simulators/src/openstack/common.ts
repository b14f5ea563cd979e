/**
 * What every OpenStack service of the simulator shares: ids and timestamps in the services'
 * formats, JSON answers with `x-openstack-request-id`, the fault every route throws, and an
 * in-memory table of records.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';

/** A Keystone-style id: 32 lower-case hex digits. */
export function hexId(): string {
  return randomUUID().replaceAll('-', '');
}

/** The same 32-hex-digit id for the same seed text (seeded objects keep their ids across resets). */
export function stableHexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

/** The same UUID (8-4-4-4-12) for the same seed text, version nibble 4. */
export function stableUuid(seed: string): string {
  const hex = stableHexId(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `req-<uuid>`, as every OpenStack service names a request. */
export function requestId(): string {
  return `req-${randomUUID()}`;
}

/** Nova, Glance and Neutron: `2024-05-13T10:00:00Z`. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Keystone: `2024-05-13T10:00:00.000000Z`. */
export function isoMicros(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** Cinder: `2024-05-13T10:00:00.000000` (no zone). */
export function isoMicrosNaive(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

/**
 * A failure a route reports; each service writes it in its own error format (Keystone's `error`,
 * Nova's and Cinder's `itemNotFound`…, Neutron's `NeutronError`, Glance's WebOb page).
 */
export class ApiFault extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Neutron's exception type, e.g. `NetworkNotFound`. */
    readonly type?: string,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function empty(status: number, headers: OutgoingHttpHeaders = {}): SimulatorResponse {
  return { status, headers };
}

/** The request body as JSON; a body that is not JSON (or not an object) is the service's 400. */
export function jsonBody(request: SimulatorRequest): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.text);
  } catch {
    throw new ApiFault(400, 'Malformed request body', 'HTTPBadRequest');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiFault(400, 'Malformed request body', 'HTTPBadRequest');
  }
  return parsed as Record<string, unknown>;
}

/** The object under `key` of a request body (`{"server": {...}}`), or the service's 400. */
export function member(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiFault(400, `Invalid input for field/attribute ${key}. Value: ${String(value)}.`);
  }
  return value as Record<string, unknown>;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ApiFault(
      400,
      `Invalid input for field/attribute ${field}. Value: ${JSON.stringify(value)}. ${JSON.stringify(value)} is not of type 'string'`,
    );
  }
  return value;
}

export function requiredString(value: unknown, field: string): string {
  const text = optionalString(value, field);
  if (text === undefined) throw new ApiFault(400, `Invalid input for field/attribute ${field}: required.`);
  return text;
}

/** Python's truthy spellings of a boolean query parameter. */
export function parseBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(lower)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(lower)) return false;
  return undefined;
}

/** Records keyed by id, in insertion order. Routes render copies; the table holds the only originals. */
export class Table<T extends { id: string }> {
  readonly #items = new Map<string, T>();

  get size(): number {
    return this.#items.size;
  }
  get(id: string): T | undefined {
    return this.#items.get(id);
  }
  has(id: string): boolean {
    return this.#items.has(id);
  }
  add(item: T): T {
    this.#items.set(item.id, item);
    return item;
  }
  delete(id: string): boolean {
    return this.#items.delete(id);
  }
  list(filter?: (item: T) => boolean): T[] {
    const all = [...this.#items.values()];
    return filter ? all.filter(filter) : all;
  }
  find(filter: (item: T) => boolean): T | undefined {
    for (const item of this.#items.values()) if (filter(item)) return item;
    return undefined;
  }
  clear(): void {
    this.#items.clear();
  }
}

/** One page of a sorted list: the items after `marker` (by id), at most `limit` of them. */
export interface Page<T> {
  items: T[];
  /** The page is as long as the limit: the services then offer a next link. */
  full: boolean;
}

/**
 * Cuts a page the way Nova, Cinder, Neutron and Glance do: start after the item whose id is
 * `marker` (undefined when that id is unknown: each service has its own 400 or 404 for it).
 */
export function pageOf<T extends { id: string }>(
  items: readonly T[],
  limit: number,
  marker: string | null,
): Page<T> | undefined {
  let start = 0;
  if (marker !== null) {
    const index = items.findIndex((item) => item.id === marker);
    if (index < 0) return undefined;
    start = index + 1;
  }
  const selected = items.slice(start, start + limit);
  return { items: selected, full: selected.length === limit && limit > 0 };
}

/**
 * `limit` as a non-negative integer, or the service's 400. Missing means `fallback`; a larger value
 * than `max` is cut to `max` (every service caps it at its configured maximum).
 */
export function parseLimit(text: string | null, fallback: number, max: number): number {
  if (text === null) return Math.min(fallback, max);
  if (!/^\d+$/.test(text.trim())) throw new ApiFault(400, 'limit param must be an integer', 'HTTPBadRequest');
  const value = Number(text);
  return Math.min(value, max);
}

/** A next-link query: the request's own parameters with `marker` (and `limit`) replaced. */
export function nextQuery(query: URLSearchParams, marker: string, limit: number): string {
  const next = new URLSearchParams(query);
  next.set('limit', String(limit));
  next.set('marker', marker);
  return next.toString();
}

/** Sorts by `keys` (each ascending or descending), comparing strings, numbers and booleans. */
export function sortBy<T>(items: T[], keys: readonly { get: (item: T) => unknown; desc: boolean }[]): T[] {
  return items.sort((a, b) => {
    for (const { get, desc } of keys) {
      const order = compare(get(a), get(b));
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
