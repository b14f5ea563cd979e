/**
 * Mapping a server's failure to its kind, in one place, and provider error families.
 *
 * The kind of a failure is decided once: by the provider's own code or text when the provider's
 * table names it (oned's 0x0400 → not found, CloudStack's 431 "does not exist" → not found, EC2's
 * `AuthFailure` → auth), else by the HTTP status (`kindForStatus`). Each provider writes its table in
 * one file and the README's "Errors by kind" table documents them all.
 *
 * A family (`defineErrorFamily`) makes one class per kind for a provider, each extending the
 * runtime's kind and each a member of the provider's base class: `instanceof NotFoundError` and
 * `instanceof OneError` both hold for `OneNoExistsError`. Membership is a brand (a registered symbol
 * on the class's prototype) read by the base class's `Symbol.hasInstance`, so it also holds across
 * two copies of a package.
 */
import {
  ApiError,
  type ApiErrorOptions,
  AuthError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from './errors.js';
import { scrubSecrets } from './secrets.js';

/** What went wrong, whatever the cloud. `api`: an error answer of no more specific kind. */
export type ErrorKind = 'auth' | 'permission' | 'notFound' | 'conflict' | 'rateLimit' | 'badRequest' | 'api';

/** The runtime class of each kind. */
export const ERROR_KIND_CLASSES: Readonly<Record<ErrorKind, typeof ApiError>> = {
  auth: AuthError,
  permission: PermissionError,
  notFound: NotFoundError,
  conflict: ConflictError,
  rateLimit: RateLimitError,
  badRequest: BadRequestError,
  api: ApiError,
};

/** The kind an HTTP status stands for: 400, 401, 403, 404, 409/412, 429; anything else `api`. */
export function kindForStatus(status: number | undefined): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'badRequest';
    case 401:
      return 'auth';
    case 403:
      return 'permission';
    case 404:
    case 410:
      return 'notFound';
    case 409:
    case 412:
      return 'conflict';
    case 429:
      return 'rateLimit';
    default:
      return 'api';
  }
}

/** A provider's class for one kind: constructed with the runtime's options plus the provider's fields. */
export interface FamilyClass<F extends object, I extends ApiError = ApiError> {
  new (message: string, options?: ApiErrorOptions & Partial<F>): I & Readonly<F>;
  readonly prototype: I & Readonly<F>;
}

export interface ErrorFamily<F extends object> {
  /** The family's name, e.g. `opennebula`. */
  readonly name: string;
  /**
   * The provider's base class (`OneError`): extends `ApiError`, and `instanceof` it holds for every
   * member of the family, whichever kind it extends.
   */
  base(className: string): FamilyClass<F>;
  /** A member class (`OneNoExistsError`) extending the runtime's `Kind`. */
  member<K extends typeof ApiError>(Kind: K, className: string): FamilyClass<F, InstanceType<K>>;
  /** One member class per kind, named `<prefix><Kind>Error`; `api` is the given base class. */
  kinds(prefix: string, Base: FamilyClass<F>): Readonly<Record<ErrorKind, FamilyClass<F>>>;
  /** True when `value` is an error of this family (or of a family that has this one as parent). */
  has(value: unknown): value is ApiError & Readonly<F>;
}

export interface ErrorFamilyOptions<F extends object> {
  /** The provider fields copied from a constructor's options onto the error (strings are redacted). */
  fields?: readonly (keyof F & string)[];
  /** A wider family every member of this one also belongs to (`CloudStackApiError` in `CloudStackError`). */
  parent?: ErrorFamily<object>;
}

const brandsOf = new WeakMap<ErrorFamily<object>, symbol[]>();

/** Strings redacted, and the strings inside plain objects and arrays (an oVirt `fault`), at any depth. */
function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, depth + 1)]));
}

/** Creates a provider's error family; see the module comment. */
export function defineErrorFamily<F extends object = object>(
  name: string,
  options: ErrorFamilyOptions<F> = {},
): ErrorFamily<F> {
  const brand = Symbol.for(`@overcast/error-family/${name}`);
  const brands = [brand, ...(options.parent === undefined ? [] : (brandsOf.get(options.parent) ?? []))];
  const fields = options.fields ?? [];
  const mark = (prototype: object) => {
    for (const each of brands) Object.defineProperty(prototype, each, { value: true });
  };
  const has = (value: unknown): value is ApiError & Readonly<F> =>
    typeof value === 'object' && value !== null && brand in value;

  const member = <K extends typeof ApiError>(Kind: K, className: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: a mixin's base must be new (...args: any[]) (TS2545).
    const Parent = Kind as new (...args: any[]) => ApiError;
    const Member = class extends Parent {
      // biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take any[] (TS2545).
      constructor(...args: any[]) {
        const [message, errorOptions = {}] = args as [string, (ApiErrorOptions & Partial<F>)?];
        super(message, errorOptions);
        this.name = className;
        const record = this as unknown as Record<string, unknown>;
        const given = errorOptions as Record<string, unknown>;
        for (const field of fields) record[field] = scrubDeep(given[field]);
      }
    };
    Object.defineProperty(Member, 'name', { value: className });
    mark(Member.prototype);
    return Member as unknown as FamilyClass<F, InstanceType<K>>;
  };

  const base = (className: string) => {
    const Base = member(ApiError, className);
    Object.defineProperty(Base, Symbol.hasInstance, {
      value(this: unknown, value: unknown): boolean {
        // A user's subclass of the base keeps the ordinary prototype check.
        if (this !== Base) return Function.prototype[Symbol.hasInstance].call(this, value);
        return has(value);
      },
    });
    return Base;
  };

  const family: ErrorFamily<F> = {
    name,
    base,
    member,
    kinds(prefix, Base) {
      const names: Record<Exclude<ErrorKind, 'api'>, string> = {
        auth: 'Auth',
        permission: 'Permission',
        notFound: 'NotFound',
        conflict: 'Conflict',
        rateLimit: 'RateLimit',
        badRequest: 'BadRequest',
      };
      const classes = { api: Base } as Record<ErrorKind, FamilyClass<F>>;
      for (const [kind, label] of Object.entries(names) as [Exclude<ErrorKind, 'api'>, string][]) {
        classes[kind] = member(ERROR_KIND_CLASSES[kind], `${prefix}${label}Error`);
      }
      return classes;
    },
    has,
  };
  brandsOf.set(family as ErrorFamily<object>, brands);
  return family;
}
