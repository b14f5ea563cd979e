/**
 * The OpenStack IR: what the reader makes of the pinned OpenAPI specs (and their naming metadata),
 * and what the emitter and the digest consume. Plain JSON; upstream names kept as they are; lists
 * in spec order (paths, then methods in the order of `HTTP_METHODS`, then action branches).
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A microversion range from `x-openstack: { min-ver, max-ver }`; either end may be open. */
export interface VersionRange {
  min?: string;
  max?: string;
}

export interface OpenStackIr {
  services: ServiceIr[];
}

export interface ServiceIr {
  /** Catalog service type: `block-storage`. */
  type: string;
  /** Property on the connection and folder under `src/generated`: `blockStorage`. */
  property: string;
  aliases: string[];
  /** The spec file, relative to the schema folder: `compute/v2.96.yaml`. */
  specFile: string;
  /** `info.title`. */
  title: string;
  /** `info.version`: the API (or highest microversion) the spec describes. */
  apiVersion: string;
  /** The version prefix every path of the spec starts with (`/v2.1`); the endpoint includes it. */
  versionPrefix: string;
  microversion?: { header: string; legacyHeader?: string; max: string };
  /** openapi-typescript's output for the spec (`paths`, `components`, `operations`), unformatted. */
  wire: string;
  /** The wire types' component schemas and parameters: fields and type texts, for the digest. */
  wireTypes: Record<string, WireType>;
  operations: OperationIr[];
  /** Method names given by the service entry (`METHOD /spec/path[#action]` → name). */
  names: Record<string, string>;
  /** `find<Resource>` lookups the metadata declares, over a list operation. */
  finds: FindIr[];
}

/** A component type of the wire types: its members, or the type text when it is no object. */
export type WireType = { fields: Record<string, { type: string; required: boolean }> } | { alias: string };

export interface OperationIr {
  /** The spec's operationId (`servers/id/action:post`); action branches share it. */
  operationId: string;
  method: HttpMethod;
  /** Relative to the versioned endpoint: `/servers/{id}/action`. */
  path: string;
  /** As in the spec: `/v2.1/servers/{id}/action`. */
  specPath: string;
  /** Other spec paths of the same operation (see `ServiceEntry.twinPrefix`), relative. */
  alsoAt?: string[];
  /** The path lies outside the version prefix (the root version document). */
  unversioned?: true;
  summary?: string;
  description?: string;
  deprecated?: true;
  /** Where the operation (or this action) exists. */
  microversion?: VersionRange;
  pathParams: ParamIr[];
  queryParams: ParamIr[];
  headerParams: ParamIr[];
  request?: BodyIr;
  response?: BodyIr;
  /** The 2xx statuses the spec lists. */
  statuses: number[];
  /** The operation lists a collection. */
  list?: { key: string; nextLink?: string };
  /** One branch of a `discriminator: action` body. */
  action?: { name: string };
  /** What the naming metadata says about this operation, when it says anything. */
  naming?: MetadataNaming;
}

export interface MetadataNaming {
  /** `server/interface` (the `compute.` prefix removed). */
  resource: string;
  /** The operation's key under the resource: `list_detailed`, `show`, `add-security-group`. */
  operation: string;
  /** `list`, `show`, `get`, `create`, `set`, `delete`, `action`, `download`, `upload`… */
  type: string;
}

export interface ParamIr {
  /** As on the wire. */
  name: string;
  required: boolean;
  /** JSON schema type(s): `string`, `integer|string`, `array`, `null`… */
  type: string;
  description?: string;
  microversion?: VersionRange;
  /** A query array: `csv` (`tags=a,b`, `explode: false`) or `multi` (`tag=a&tag=b`). */
  array?: 'csv' | 'multi';
  /** A query flag that is sent without a value (`?nocatalog`). */
  flag?: true;
  /** `components.parameters` name, when the parameter is a reference. */
  ref?: string;
}

export interface BodyIr {
  /** The media type(s) the spec declares. */
  contentType: string;
  /** `binary` (bytes, streamed), `json-patch` (RFC 6902 operations), `json` or `text`. */
  encoding: 'json' | 'binary' | 'json-patch' | 'text';
  /** The TypeScript type of the whole body, in terms of the wire module's `components` and `paths`. */
  type: string;
  /** The wrapper key the value is sent or answered under: `server`, or the action name. */
  key?: string;
  /** Keys beside `key` at the top level of the body (`os:scheduler_hints`). */
  siblings?: string[];
  /** The action's value is `null`: there is nothing to send but the key. */
  empty?: true;
  /** A `oneOf` by microversion: the range of each branch, in spec order. */
  versions?: VersionRange[];
  /**
   * The TypeScript type of each branch of `versions`, in the same order and terms as `type`
   * (`components['schemas']['X']`); only when every branch is a named schema.
   */
  branchTypes?: string[];
  /** Fields (dotted paths under `key`, `[]` for array items) that exist only in a microversion range. */
  fields?: Record<string, VersionRange>;
  /** Whether a value must be given (the request body of a create, for one). */
  required?: boolean;
}

export interface FindIr {
  /** The metadata's resource: `server`. */
  resource: string;
  /** The list operation it searches (operationId). */
  listOperationId: string;
  /** The resource's show operation, tried first with the name as an id (operationId). */
  showOperationId?: string;
  /** The field compared with the name: `name`. */
  nameField: string;
  /** The list accepts `?<nameField>=` as a filter. */
  nameFilter: boolean;
}
