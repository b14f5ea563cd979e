/**
 * What a command handler works with, and the helpers most commands share: looking objects up by a
 * uuid parameter, filtering and paging list answers.
 */
import { type Collection, NotFound } from '../store.js';
import type { CloudState } from './cloud.js';
import { CloudStackFault, ErrorCode, invalidParameter } from './errors.js';
import type { JobRunner } from './jobs.js';
import type { Tag } from './model.js';
import type { Parameters } from './params.js';

export interface CommandContext {
  readonly command: string;
  readonly params: Parameters;
  readonly cloud: CloudState;
  readonly jobs: JobRunner;
  /** Largest `pagesize` accepted and the default page size (`default.page.size`, 500). */
  readonly maxPageSize: number;
  readonly now: () => Date;
}

/** A command's answer: the payload inside `{"<command>response": …}`. */
export type Payload = object;
export type CommandHandler = (context: CommandContext) => Payload;

/** The object a uuid parameter names, or the server's 431 for an unknown id. */
export function lookup<T extends object>(
  context: CommandContext,
  collection: Collection<T, string>,
  parameter: string,
): T {
  const id = context.params.required(parameter);
  const found = collection.get(id);
  if (found === NotFound) throw invalidParameter(context.command, parameter, id);
  return found;
}

/** Same as `lookup` for an optional parameter. */
export function lookupOptional<T extends object>(
  context: CommandContext,
  collection: Collection<T, string>,
  parameter: string,
): T | undefined {
  return context.params.get(parameter) === undefined ? undefined : lookup(context, collection, parameter);
}

/**
 * The list filters most `list*` commands share: `id`, `ids`, `name` (exact), `keyword`
 * (substring of name/displayname, any case), the `tags[i].key/value` map, and `fields` compared
 * exactly to the object's field of the same name (`state` in any case).
 */
export function listFilter(
  context: CommandContext,
  fields: readonly string[] = [],
): (item: object) => boolean {
  const { params } = context;
  const ids = params.list('ids');
  const keyword = params.get('keyword')?.toLowerCase();
  const tags = params.map('tags');
  const exact = ['id', 'name', ...fields].flatMap((field) => {
    const wanted = params.get(field);
    return wanted === undefined ? [] : [[field, wanted] as const];
  });
  return (item) => {
    const record = item as Record<string, unknown>;
    for (const [field, wanted] of exact) {
      const actual = String(record[field]);
      if (field === 'state' ? actual.toLowerCase() !== wanted.toLowerCase() : actual !== wanted) return false;
    }
    if (ids !== undefined && !ids.includes(String(record.id))) return false;
    if (keyword !== undefined) {
      const text = `${String(record.name ?? '')}\n${String(record.displayname ?? '')}`.toLowerCase();
      if (!text.includes(keyword)) return false;
    }
    if (tags.length > 0) {
      const own = (record.tags ?? []) as Tag[];
      const hasAll = tags.every((tag) =>
        own.some(
          (t) =>
            (tag.key === undefined || t.key === tag.key) &&
            (tag.value === undefined || t.value === tag.value),
        ),
      );
      if (!hasAll) return false;
    }
    return true;
  };
}

/**
 * One page of a list answer, as `BaseListCmd` and the JSON serializer make it: `page`/`pagesize`
 * (default page size `maxPageSize`, `pagesize=-1` for all, larger sizes refused), `count` is the
 * total across pages, `{}` when nothing matches and `{count}` alone past the last page.
 *
 * The page holds the stored objects themselves, not copies: copying 500 VMs costs more than the
 * rest of the request, and the answer is serialized before anything can change them. Callers
 * must return it as it is.
 */
export function listPage<T extends object>(
  context: CommandContext,
  collection: Collection<T, string>,
  itemKey: string,
  filter: (item: T) => boolean,
): Payload {
  const { start, size } = pageWindow(context);
  let total = 0;
  const items: T[] = [];
  // The filter sees every stored object; answering false keeps `list` from copying any.
  collection.list((item) => {
    if (!filter(item)) return false;
    total += 1;
    if (total > start && (size === undefined || total <= start + size)) items.push(item);
    return false;
  });
  return pagePayload(itemKey, items, total);
}

/** `listPage` for items that are not stored as a collection of their own (tags, async jobs). */
export function listArray<T>(context: CommandContext, all: readonly T[], itemKey: string): Payload {
  const { start, size } = pageWindow(context);
  const items = all.slice(start, size === undefined ? undefined : start + size);
  return pagePayload(itemKey, items, all.length);
}

function pagePayload(itemKey: string, items: readonly unknown[], total: number): Payload {
  if (total === 0) return {};
  return items.length === 0 ? { count: total } : { count: total, [itemKey]: items };
}

function pageWindow(context: CommandContext): { start: number; size: number | undefined } {
  const { params, maxPageSize } = context;
  const page = params.integer('page');
  const pageSize = params.integer('pagesize');
  if (pageSize !== undefined && pageSize !== -1 && pageSize > maxPageSize) {
    throw new CloudStackFault(
      ErrorCode.paramError,
      `Page size can't exceed max allowed page size value: ${maxPageSize}`,
    );
  }
  if (pageSize === -1) {
    if (page !== undefined) {
      throw new CloudStackFault(
        ErrorCode.paramError,
        "Can't specify page parameter when pagesize is -1 (Unlimited)",
      );
    }
    return { start: 0, size: undefined };
  }
  const size = pageSize ?? maxPageSize;
  if (size <= 0) throw new CloudStackFault(ErrorCode.paramError, `Invalid page size: ${size}`);
  return { start: page !== undefined && page > 0 ? (page - 1) * size : 0, size };
}
