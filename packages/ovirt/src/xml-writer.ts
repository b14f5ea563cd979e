/**
 * Writing typed objects as oVirt XML, driven by the generated model tables: `href`, `id` and `rel`
 * as attributes, then the other members in the model's order; lists as `<nics><nic/>…</nics>`.
 * A value of the wrong kind throws `ParameterError` naming the member.
 */
import { ParameterError } from '@overcast/runtime';
import { buildXml, type XmlBuildElement, type XmlBuildNode } from '@overcast/runtime/xml';
import { STRUCTS } from './generated/model.js';
import { LINK, LIST, type MemberMeta } from './model-meta.js';

const ATTRIBUTES = new Set(['id', 'href', 'rel']);

/** `value` as an XML document whose root is `tag` (default: the type's own tag). */
export function writeXml(value: object, type: string, tag?: string): string {
  return buildXml(writeStruct(value, type, tag ?? structMeta(type).tag), { declaration: false });
}

export function writeStruct(value: object, type: string, tag: string, path = tag): XmlBuildElement {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParameterError(`${path}: expected an object of type ${type}`);
  }
  const record = value as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  const children: XmlBuildNode[] = [];
  if (typeof record.href === 'string') attributes.href = record.href;
  for (const member of membersOf(type)) {
    const [property, memberTag, memberType, flags = 0, itemTag] = member;
    const item = record[property];
    if (item === undefined || item === null) continue;
    const at = `${path}/${memberTag}`;
    if (ATTRIBUTES.has(memberTag)) attributes[memberTag] = primitiveText(item, memberType, at);
    else if ((flags & LIST) === 0) children.push(writeValue(item, memberType, memberTag, at));
    else children.push(...writeList(item, memberType, memberTag, itemTag, flags, at));
  }
  return { name: tag, attributes, children };
}

/** The list element, and for a list link that has an `href`, its `<link rel href>` too. */
function writeList(
  items: unknown,
  type: string,
  tag: string,
  itemTag: string | undefined,
  flags: number,
  path: string,
): XmlBuildElement[] {
  if (!Array.isArray(items)) throw new ParameterError(`${path}: expected an array`);
  const elementTag = STRUCTS[type]?.tag ?? itemTag ?? tag;
  const written: XmlBuildElement[] = [];
  const href = (items as { href?: unknown }).href;
  if ((flags & LINK) !== 0 && typeof href === 'string') {
    written.push({ name: 'link', attributes: { href, rel: tag.replaceAll('_', '') } });
    if (items.length === 0) return written;
  }
  written.push({
    name: tag,
    children: items.map((item, i) => writeValue(item, type, elementTag, `${path}[${i}]`)),
  });
  return written;
}

function writeValue(value: unknown, type: string, tag: string, path: string): XmlBuildElement {
  if (STRUCTS[type] !== undefined) return writeStruct(value as object, type, tag, path);
  return { name: tag, children: [primitiveText(value, type, path)] };
}

function primitiveText(value: unknown, type: string, path: string): string {
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new ParameterError(`${path}: expected a boolean`);
      return String(value);
    case 'integer':
      if (!Number.isInteger(value)) throw new ParameterError(`${path}: expected an integer`);
      return String(value);
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ParameterError(`${path}: expected a number`);
      return String(value);
    case 'date':
      if (!(value instanceof Date) || Number.isNaN(value.getTime()))
        throw new ParameterError(`${path}: expected a Date`);
      return value.toISOString();
    default:
      if (typeof value !== 'string') throw new ParameterError(`${path}: expected a string`);
      return value;
  }
}

const allMembers = new Map<string, readonly MemberMeta[]>();

/** The members of `type` and its bases, base first. */
function membersOf(type: string): readonly MemberMeta[] {
  let members = allMembers.get(type);
  if (members === undefined) {
    const meta = structMeta(type);
    members = meta.base === undefined ? meta.members : [...membersOf(meta.base), ...meta.members];
    allMembers.set(type, members);
  }
  return members;
}

function structMeta(type: string) {
  const meta = STRUCTS[type];
  if (meta === undefined) throw new ParameterError(`unknown type ${type}`);
  return meta;
}
