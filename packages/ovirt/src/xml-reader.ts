/**
 * Reading oVirt XML into typed objects in one streaming pass (no intermediate tree), driven
 * by the generated model tables: the root tag picks the type (`<vm>` one, `<vms>` a list); known
 * member elements are read by their type, `<link rel href>` fills list links, anything else is
 * skipped. Enum values match case-insensitively and unknown ones are kept as sent; a value that
 * cannot be its declared type throws `OvirtDecodeError` naming the element.
 *
 * The runtime's `scanXml` streams the events, with the same safety as `parseXml` (no DOCTYPE, no
 * entity expansion, size limit, strict well-formedness).
 */
import {
  type BodySink,
  DecodeError,
  localNameOf,
  scanXml,
  settledObject,
  type XmlEventHandler,
  type XmlLimits,
  type XmlStartTag,
  XmlStream,
} from '@overcast/runtime';
import { OvirtDecodeError } from './errors.js';
import { ENUMS, STRUCTS } from './generated/model.js';
import { LINK, LIST, type List, type MemberMeta } from './model-meta.js';

/** What a document holds: its type, whether it is a list, and the value. */
export interface ReadResult {
  type: string;
  list: boolean;
  value: unknown;
}

interface StructPlan {
  /** Members by element tag, base members included. */
  elements: Map<string, MemberMeta>;
  /** List links by their `rel` (member tag without `_`). */
  listLinks: Map<string, ListLink>;
  /** Members written as XML attributes (`id`, `rel`). */
  attributes: MemberMeta[];
}

/** A list member that a `<link rel href>` names. */
interface ListLink {
  property: string;
  /** `/` and the rel: how the link's href ends when it is its owner's href and the rel. */
  suffix: string;
}

interface StructFrame {
  kind: 'struct';
  name: string;
  property: string;
  plan: StructPlan;
  value: Record<string, unknown>;
  /** Properties stored in `value` so far (`setMember`). */
  stores: number;
}

interface ListFrame {
  kind: 'list';
  name: string;
  property: string;
  type: string;
  items: unknown[];
}

interface TextFrame {
  kind: 'text';
  name: string;
  property: string;
  type: string;
  text: string;
}

type Frame = StructFrame | ListFrame | TextFrame;

const ATTRIBUTES = new Set(['id', 'href', 'rel']);
/** By type; null for a primitive or an enum. */
const plans = new Map<string, StructPlan | null>();
const enumLookups = new Map<string, Map<string, string>>();
let roots: Map<string, { type: string; list: boolean }> | undefined;

/** Reads a whole answer (text or UTF-8 bytes), dispatching on its root tag. */
export function readXml(input: string | Uint8Array): ReadResult {
  const reader = new StreamReader();
  scanXml(input, reader);
  if (reader.result === undefined) throw new DecodeError('Malformed XML: the document has no root element');
  return reader.result;
}

/**
 * Reads an answer as its bytes arrive (an `HttpRequest.sink`), holding the decoded objects and the
 * token being read, never the body: `end()` gives what `readXml` would, or `undefined` for an
 * empty body (which the caller reports as such).
 */
export function xmlReaderSink(limits: Partial<XmlLimits>): BodySink {
  const reader = new StreamReader();
  const stream = new XmlStream(reader, { ...limits, maxBytes: Number.POSITIVE_INFINITY });
  let bytes = 0;
  return {
    write(chunk) {
      bytes += chunk.length;
      stream.write(chunk);
    },
    end() {
      if (bytes === 0) return undefined;
      stream.end();
      if (reader.result === undefined)
        throw new DecodeError('Malformed XML: the document has no root element');
      return reader.result;
    },
  };
}

class StreamReader implements XmlEventHandler {
  result: ReadResult | undefined;
  readonly #stack: Frame[] = [];
  /** How deep inside skipped (unknown) elements the parser is. */
  #skipping = 0;
  readonly #leaf: TextFrame = { kind: 'text', name: '', property: '', type: '', text: '' };

  open(tag: XmlStartTag): void {
    if (this.#skipping > 0) {
      this.#skipping++;
      return;
    }
    const name = localNameOf(tag.name);
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) {
      this.#openRoot(name, tag);
      return;
    }
    if (top.kind === 'list') {
      this.#push(top.type, name, '', tag);
    } else if (top.kind === 'struct') {
      const member = top.plan.elements.get(name);
      if (member !== undefined) {
        const [property, , type, flags = 0] = member;
        if ((flags & LIST) !== 0) this.#stack.push({ kind: 'list', name, property, type, items: [] });
        else this.#push(type, name, property, tag);
      } else {
        if (name === 'link') addLink(top, tag.attributes);
        this.#skipping = 1;
      }
    } else {
      // Markup inside a primitive value: not the model's; skipped.
      this.#skipping = 1;
    }
  }

  text(chunk: string): void {
    const top = this.#stack[this.#stack.length - 1];
    if (this.#skipping === 0 && top?.kind === 'text') top.text += chunk;
  }

  close(): void {
    if (this.#skipping > 0) {
      this.#skipping--;
      return;
    }
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined) return;
    const value =
      frame.kind === 'struct'
        ? settledObject(frame.value, frame.stores)
        : frame.kind === 'list'
          ? frame.items
          : this.#valueOf(frame.text, frame.type, '');
    this.#stack.pop();
    const parent = this.#stack[this.#stack.length - 1];
    if (parent === undefined) {
      if (this.result !== undefined) this.result.value = value;
    } else if (parent.kind === 'struct') {
      if (frame.kind === 'list') {
        // A `<link>` read before this inlined list gave its href to the list it made.
        const linked = (parent.value[frame.property] as List<unknown> | undefined)?.href;
        if (linked !== undefined) (value as List<unknown>).href = linked;
      }
      setMember(parent, frame.property, value);
    } else if (parent.kind === 'list') {
      parent.items.push(value);
    }
  }

  #openRoot(name: string, tag: XmlStartTag): void {
    roots ??= rootTable();
    const found = roots.get(name);
    if (found === undefined) throw new OvirtDecodeError(`Can't find a reader for tag '${name}'`, name);
    this.result = { ...found, value: undefined };
    if (found.list) this.#stack.push({ kind: 'list', name, property: '', type: found.type, items: [] });
    else this.#push(found.type, name, '', tag);
  }

  /** Starts reading a value of `type`: a struct, or the text of a primitive or enum. */
  #push(type: string, name: string, property: string, tag: XmlStartTag): void {
    const plan = planOf(type);
    if (plan === undefined) {
      // Leaves never nest (markup inside one is skipped): one frame object serves them all.
      const leaf = this.#leaf;
      leaf.name = name;
      leaf.property = property;
      leaf.type = type;
      leaf.text = '';
      this.#stack.push(leaf);
      return;
    }
    const frame: StructFrame = { kind: 'struct', name, property, plan, value: {}, stores: 0 };
    this.#stack.push(frame);
    const href = tag.attributes.href;
    if (href !== undefined) setMember(frame, 'href', href);
    for (const [memberProperty, memberTag, memberType] of plan.attributes) {
      const attribute = tag.attributes[memberTag];
      if (attribute !== undefined)
        setMember(frame, memberProperty, this.#valueOf(attribute, memberType, `/@${memberTag}`));
    }
  }

  /** `readText`, with the failing element's path (the open elements) added to its error. */
  #valueOf(text: string, type: string, suffix: string): unknown {
    try {
      return readText(text, type);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const path = this.#stack.map((frame) => frame.name).join('/') + suffix;
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      throw new OvirtDecodeError(`<${path}>: ${JSON.stringify(shown)} ${error.message}`, path);
    }
  }
}

/**
 * `<link rel href>` in a struct: the list member it names gets the href, on the list read inline
 * when there is one (before or after the link), else on an empty list.
 */
function addLink(frame: StructFrame, attributes: Record<string, string>): void {
  const { rel, href } = attributes;
  if (rel === undefined || href === undefined) return;
  const link = frame.plan.listLinks.get(rel);
  if (link === undefined) return;
  const list = (frame.value[link.property] as List<unknown> | undefined) ?? [];
  list.href = compactHref(href, frame.value.href, link.suffix);
  setMember(frame, link.property, list);
}

function setMember(frame: StructFrame, property: string, value: unknown): void {
  frame.value[property] = value;
  frame.stores++;
}

/**
 * `href`, or, when it is its owner's href and `suffix` (as nearly every link of oVirt's is), that
 * concatenation: V8 keeps a string joined from two long ones as references to both until it is
 * first read whole, so twenty links per VM cost a pointer pair each instead of a copy of their
 * text (about a third of a decoded VM). The strings are equal either way.
 */
function compactHref(href: string, ownerHref: unknown, suffix: string): string {
  if (
    typeof ownerHref === 'string' &&
    href.length === ownerHref.length + suffix.length &&
    href.endsWith(suffix) &&
    // `startsWith` is several times slower with a long string made by slicing, as these are.
    href.lastIndexOf(ownerHref, 0) === 0
  ) {
    return ownerHref + suffix;
  }
  return href;
}

/** Thrown by `readText` without a path, which only the reader's stack knows (built on failure only). */
class InvalidValue extends Error {}

function readText(text: string, type: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      throw new InvalidValue('is not a boolean');
    }
    case 'integer': {
      const trimmed = text.trim();
      if (!/^[-+]?\d+$/.test(trimmed)) throw new InvalidValue('is not an integer');
      return Number(trimmed);
    }
    case 'decimal': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      if (trimmed === '' || Number.isNaN(value)) throw new InvalidValue('is not a decimal');
      return value;
    }
    case 'date': {
      const trimmed = text.trim();
      const date = new Date(trimmed);
      if (!/^\d{4}-\d\d-\d\d/.test(trimmed) || Number.isNaN(date.getTime()))
        throw new InvalidValue('is not a date');
      return date;
    }
    default:
      return enumValue(text, type);
  }
}

/** Known values match whatever their case; unknown ones (a newer engine's) are kept as sent. */
function enumValue(text: string, type: string): string {
  let lookup = enumLookups.get(type);
  if (lookup === undefined) {
    const values = ENUMS[type];
    if (values === undefined) throw new InvalidValue(`cannot be read: unknown type ${type}`);
    lookup = new Map(values.map((value) => [value, value]));
    enumLookups.set(type, lookup);
  }
  const trimmed = text.trim();
  return lookup.get(trimmed.toLowerCase()) ?? trimmed;
}

/** The members of struct `type` and its bases, arranged for reading; undefined for any other type. */
function planOf(type: string): StructPlan | undefined {
  const cached = plans.get(type);
  if (cached !== undefined) return cached ?? undefined;
  const meta = STRUCTS[type];
  if (meta === undefined) {
    plans.set(type, null);
    return undefined;
  }
  const inherited = meta.base === undefined ? undefined : planOf(meta.base);
  const plan: StructPlan = {
    elements: new Map(inherited?.elements),
    listLinks: new Map(inherited?.listLinks),
    attributes: [...(inherited?.attributes ?? [])],
  };
  for (const member of meta.members) {
    const [, tag, , flags = 0] = member;
    if (ATTRIBUTES.has(tag)) plan.attributes.push(member);
    else plan.elements.set(tag, member);
    if ((flags & (LIST | LINK)) === (LIST | LINK)) {
      const rel = tag.replaceAll('_', '');
      plan.listLinks.set(rel, { property: member[0], suffix: `/${rel}` });
    }
  }
  plans.set(type, plan);
  return plan;
}

function rootTable(): Map<string, { type: string; list: boolean }> {
  const table = new Map<string, { type: string; list: boolean }>();
  for (const [type, meta] of Object.entries(STRUCTS)) {
    table.set(meta.tag, { type, list: false });
    table.set(meta.plural, { type, list: true });
  }
  return table;
}
