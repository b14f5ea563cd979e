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

/**
 * Options of every generated call: the runtime's, plus the microversion to send for this call.
 * `V` is that microversion as the caller wrote it: a method whose answer differs by microversion
 * types its answer by it (see `AtMicroversion`).
 */
export interface OpenStackCallOptions<V extends string = string> extends CallOptions {
  /** `OpenStack-API-Version` for this call (`'2.79'`, `'latest'`), over the negotiated one. */
  microversion?: V;
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

// ——— microversions at the type level
//
// Numbers are compared as digit strings: by length, then digit by digit from the left. No tuples
// are built and the recursion is as deep as the number has digits, so the compiler pays next to
// nothing per comparison.

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/** The digits below each digit. */
interface DigitsBelow {
  '0': never;
  '1': '0';
  '2': '0' | '1';
  '3': '0' | '1' | '2';
  '4': '0' | '1' | '2' | '3';
  '5': '0' | '1' | '2' | '3' | '4';
  '6': '0' | '1' | '2' | '3' | '4' | '5';
  '7': '0' | '1' | '2' | '3' | '4' | '5' | '6';
  '8': '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7';
  '9': '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8';
}

/** `S` is one or more digits. */
type IsDigits<S extends string> = S extends Digit
  ? true
  : S extends `${Digit}${infer Rest}`
    ? IsDigits<Rest>
    : false;

/** `007` → `7`: a number's digits without leading zeros (`0` stays). */
type TrimZeros<S extends string> = S extends `0${infer Rest extends `${Digit}${string}`}`
  ? TrimZeros<Rest>
  : S;

/** -1, 0 or 1: the length of `A` against the length of `B`. */
type CompareLengths<A extends string, B extends string> = A extends `${string}${infer RestA}`
  ? B extends `${string}${infer RestB}`
    ? CompareLengths<RestA, RestB>
    : 1
  : B extends ''
    ? 0
    : -1;

/** -1, 0 or 1: two digit strings of the same length, from the left. */
type CompareDigits<A extends string, B extends string> = A extends `${infer HeadA}${infer RestA}`
  ? B extends `${infer HeadB}${infer RestB}`
    ? HeadA extends HeadB
      ? CompareDigits<RestA, RestB>
      : HeadA extends DigitsBelow[HeadB & Digit]
        ? -1
        : 1
    : 0
  : 0;

/** -1, 0 or 1: two non-negative integers written in digits. */
type CompareNumbers<A extends string, B extends string> =
  CompareLengths<TrimZeros<A>, TrimZeros<B>> extends infer ByLength
    ? ByLength extends 0
      ? CompareDigits<TrimZeros<A>, TrimZeros<B>>
      : ByLength
    : never;

/**
 * Whether `V` names one microversion the compiler can compare: a literal `X.Y` (`'2.47'`). Not
 * `string` (the negotiated version, unknown when compiling), nor `'latest'` (whatever the server's
 * highest is, which may be below or above the spec's), nor `'3'`.
 */
export type IsMicroversion<V extends string> = string extends V
  ? false
  : V extends `${infer Major}.${infer Minor}`
    ? [IsDigits<Major>, IsDigits<Minor>] extends [true, true]
      ? true
      : false
    : false;

/**
 * -1, 0 or 1: microversion `A` against `B` (both `X.Y`), the major then the minor compared as
 * numbers (`'2.9'` is below `'2.47'`).
 */
export type CompareMicroversions<
  A extends string,
  B extends string,
> = A extends `${infer MajorA}.${infer MinorA}`
  ? B extends `${infer MajorB}.${infer MinorB}`
    ? CompareNumbers<MajorA, MajorB> extends infer ByMajor
      ? ByMajor extends 0
        ? CompareNumbers<MinorA, MinorB>
        : ByMajor
      : never
    : never
  : never;

/**
 * Whether microversion `V` (`X.Y`) lies in `[Min, Max]`, both ends included; an end given as
 * `undefined` is open.
 */
export type InRange<
  V extends string,
  Min extends string | undefined = undefined,
  Max extends string | undefined = undefined,
> = [Min] extends [string]
  ? CompareMicroversions<V, Min> extends -1
    ? false
    : AtMost<V, Max>
  : AtMost<V, Max>;

type AtMost<V extends string, Max extends string | undefined> = [Max] extends [string]
  ? CompareMicroversions<V, Max> extends 1
    ? false
    : true
  : true;

/** A range's `min` or `max`, `undefined` when it is open at that end. */
type End<R, Which extends 'min' | 'max'> = R extends { readonly [K in Which]: infer E extends string }
  ? E
  : undefined;

/** `V` lies in the range `R` (`{ min?, max? }`). */
type InRangeOf<V extends string, R> = InRange<V, End<R, 'min'>, End<R, 'max'>>;

/**
 * The fields of a body that exist only in some microversions, by name: each with its range and
 * the fields under it that have a narrower one. Array items are looked through: the fields of
 * `links: { href }[]` are under `links`.
 */
export interface VersionedFields {
  readonly [name: string]: VersionedField;
}

/** A field of `VersionedFields`: where it exists (either end may be open), and its own such fields. */
export interface VersionedField extends VersionRange {
  readonly fields?: VersionedFields;
}

/**
 * `T` as a server answers it at microversion `V`: without the fields `Fields` places outside
 * `V`, along their paths, into arrays and through `| undefined`/`| null`. When `V` names no
 * microversion the compiler can compare (`string`, `'latest'`: see `IsMicroversion`), `T` as is.
 */
export type AtMicroversion<T, V extends string, Fields extends VersionedFields> =
  IsMicroversion<V> extends true ? WithoutFields<T, V, Fields> : T;

type WithoutFields<T, V extends string, Fields> = T extends readonly unknown[]
  ? { [I in keyof T]: WithoutFields<T[I], V, Fields> }
  : T extends object
    ? { [K in keyof T as KeptAt<K, V, Fields>]: K extends keyof Fields ? ValueAt<T[K], V, Fields[K]> : T[K] }
    : T;

/** The key `K`, or `never` when `Fields` places it outside `V`. */
type KeptAt<K, V extends string, Fields> = K extends keyof Fields
  ? InRangeOf<V, Fields[K]> extends true
    ? K
    : never
  : K;

/** A kept field's value `T`, without the fields under it that `Field` places outside `V`. */
type ValueAt<T, V extends string, Field> = Field extends { readonly fields: infer Inner }
  ? WithoutFields<T, V, Inner>
  : T;

/** One branch of a body that is a `oneOf` by microversion: its range, and its type. */
export interface MicroversionBranch extends VersionRange {
  readonly type: unknown;
}

/**
 * The branches of a `oneOf` by microversion whose range holds `V`; `Whole` (the `oneOf` itself)
 * when `V` names no microversion the compiler can compare, or when no branch holds it.
 */
export type BranchesAt<V extends string, Whole, Branches extends readonly MicroversionBranch[]> =
  IsMicroversion<V> extends true
    ? PickBranches<V, Branches[number]> extends infer Picked
      ? [Picked] extends [never]
        ? Whole
        : Picked
      : never
    : Whole;

type PickBranches<V extends string, Branch> = Branch extends MicroversionBranch
  ? InRangeOf<V, Branch> extends true
    ? Branch['type']
    : never
  : never;
