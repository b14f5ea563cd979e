/**
 * The shapes the generated code (`src/generated/<service>/`) is written against: the rows of the
 * operation tables, and the type helpers the generated method types use. Hand-written, so the
 * client can change how a table is read without regenerating.
 */
import type { CallOptions } from '@overcast/runtime/options';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A microversion range (`x-openstack` `min-ver`/`max-ver`); either end may be open. */
export interface VersionRange {
  readonly min?: string;
  readonly max?: string;
}

/** One query parameter that needs more than its name. */
export interface QueryInfo {
  /** Where the server accepts it. */
  readonly microversion?: VersionRange;
  /** An array: `csv` (`tags=a,b`) or `multi` (`tag=a&tag=b`). */
  readonly array?: 'csv' | 'multi';
  /** Sent without a value (`?nocatalog`) when true. */
  readonly flag?: true;
  /** Must be given. */
  readonly required?: true;
}

/** A request or response body. */
export interface BodySpec {
  /** The wrapper key: `{ "server": … }`; for an action, the action's name. */
  readonly key?: string;
  /** Absent: JSON. `binary`: bytes, streamed; `json-patch`: RFC 6902 operations; `text`: as is. */
  readonly encoding?: 'binary' | 'json-patch' | 'text';
  /** The media type, when it is not `application/json`. */
  readonly contentType?: string;
  /** Keys the spec allows beside `key` at the top level (`os:scheduler_hints`). */
  readonly siblings?: readonly string[];
  /** An action whose value is `null`: the body is `{ "<key>": null }`. */
  readonly empty?: true;
  /** The body is a `oneOf` by microversion: each branch's range, in spec order. */
  readonly versions?: readonly VersionRange[];
  /** Fields (dotted paths under `key`; `[]` marks array items) that exist only in some microversions. */
  readonly fields?: Readonly<Record<string, VersionRange>>;
}

/** One row of a service's operation table: everything needed to send the call and read its answer. */
export interface OperationSpec {
  readonly method: HttpMethod;
  /** Relative to the service's versioned endpoint: `/servers/{id}/action`. */
  readonly path: string;
  /** The `{names}` of `path`, in order. */
  readonly pathParams?: readonly string[];
  /** The query parameters the spec lists. */
  readonly query?: readonly string[];
  /** Those of `query` that need more than a name. */
  readonly queryInfo?: Readonly<Record<string, QueryInfo>>;
  /** Request headers the spec lists as parameters (`X-Subject-Token`). */
  readonly headers?: readonly string[];
  readonly request?: BodySpec;
  readonly response?: BodySpec;
  /** A list: the items' key and the field of the next link (`servers_links`, `links`, `next`). */
  readonly list?: { readonly key: string; readonly next?: string };
  /** One action of a `POST …/action` body: its key. */
  readonly action?: string;
  /** Where the operation (or action) exists. */
  readonly microversion?: VersionRange;
  /** The path lies outside the versioned endpoint (the root version document). */
  readonly unversioned?: true;
  /** Other paths of the same operation (block-storage's `/{project_id}/volumes`). */
  readonly alsoAt?: readonly string[];
  /** The 2xx statuses the spec lists. */
  readonly statuses?: readonly number[];
  readonly deprecated?: true;
}

/** A `find<Resource>(nameOrId)` lookup: the show tried first with the id, then the list by name. */
export interface FindSpec {
  /** The list method searched. */
  readonly list: string;
  /** The show method tried first, when the resource has one. */
  readonly show?: string;
  /** The field compared with the name. */
  readonly nameField: string;
  /** The list accepts `?<nameField>=` as a filter. */
  readonly nameFilter: boolean;
}

/** A service of the connection: catalog type, where it lives on the connection, microversions. */
export interface ServiceSpec {
  /** The catalog service type. */
  readonly type: string;
  /** Other catalog types meaning the same service, most preferred first. */
  readonly aliases: readonly string[];
  /** The spec's API version (or highest microversion). */
  readonly apiVersion: string;
  /** The version prefix of the spec's paths (`/v2.1`); the versioned endpoint ends with it. */
  readonly versionPrefix: string;
  /** `OpenStack-API-Version: <header> <version>` (and the legacy header) when the service has them. */
  readonly microversion?: { readonly header: string; readonly legacyHeader?: string; readonly max: string };
}

/** Options of every generated call: the runtime's, plus the microversion to send for this call. */
export interface OpenStackCallOptions extends CallOptions {
  /** `OpenStack-API-Version` for this call (`'2.79'`, `'latest'`), over the negotiated one. */
  microversion?: string;
}

// ——— type helpers of the generated method types

/**
 * The value under `K` where a body has it, else the body as it is: `Unwrap<{ server: S }, 'server'>`
 * is `S`; a `oneOf` answer without the key (`{ reservation_id }`) stays whole.
 */
export type Unwrap<T, K extends PropertyKey> = T extends unknown
  ? K extends keyof T
    ? Exclude<T[K], undefined>
    : T
  : never;

/** The item type of the list under `K`. */
export type ListItem<T, K extends PropertyKey> = T extends unknown
  ? K extends keyof T
    ? NonNullable<T[K]> extends readonly (infer I)[]
      ? I
      : never
    : never
  : never;

/** Bytes to upload: a buffer, a string, or a stream of chunks (read once, never held whole). */
export type BinaryBody = Uint8Array | string | AsyncIterable<Uint8Array>;

/** Downloaded bytes, as a stream of chunks. */
export type BinaryResponse = AsyncIterable<Uint8Array>;

/** RFC 6902 operations (Glance's image update). */
export type JsonPatch = readonly (
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string }
)[];
