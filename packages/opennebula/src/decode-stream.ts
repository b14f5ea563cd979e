/**
 * The streaming decoder behind decode.ts: one pass over `scanXml`'s events with a stack of frames
 * driven by the generated shapes, so no element tree is built. A frame is an open element being
 * read — a record, a template (or template attribute), or a text value; elements a record's shape
 * does not declare are skipped with a depth counter. Errors name the path of open elements, which
 * the stack gives when (and only when) one is thrown.
 *
 * It runs once per element of answers that reach 100 MB, so it avoids work per element: frames
 * are reused per depth, names are matched against the ones expected next before any lookup, and
 * objects are built in the form V8 reads fastest (see `settled` and `FieldSpec.set`).
 */
import { DecodeError } from '@overcast/runtime/errors';
import {
  localNameOf,
  settledObject,
  type XmlElement,
  type XmlEventHandler,
  type XmlNode,
  type XmlStartTag,
} from '@overcast/runtime/xml';
import { ChildNames } from './child-names.js';
import { decimalOf, integerOf } from './decode-number.js';
import { type Field, type Plan, planOf } from './decode-plan.js';
import type { Template, TemplateValue } from './template-types.js';

type FrameKind = 'record' | 'template' | 'string' | 'integer' | 'decimal';

/**
 * An open element. The decoder keeps one frame per depth and reuses it for every element at that
 * depth, so nothing is allocated per element and all frames share one hidden class.
 */
class Frame {
  kind: FrameKind = 'record';
  /** The element's local name (the root's: the path it is decoded as). */
  name = '';
  /** The record field the element fills, when its parent is a record. */
  field: Field | undefined = undefined;
  plan: Plan | undefined = undefined;
  record: Record<string, unknown> | undefined = undefined;
  /** The index in `plan.list` of the field expected next: fields mostly come in schema order. */
  next = 0;
  /**
   * `seen[field.index] === serial` once the record has that single field: each record gets a new
   * serial, so nothing is cleared between records.
   */
  readonly seen: number[] = [];
  serial = 0;
  /** A template's object; for a template attribute, undefined until a child element makes it a vector. */
  template: Template | undefined = undefined;
  /** For a template, its children's names as predicted and seen. */
  childNames: ChildNames | undefined = undefined;
  /** Child elements so far. */
  children = 0;
  /** For a template attribute, whether an earlier sibling has its name. */
  repeats = false;
  /** Properties of the template so far. */
  keys = 0;
  /** A text value's text, or a template's text since its last child element. */
  text = '';
}

/** Stores a template attribute; one named `__proto__` is kept as data, not taken as the prototype. */
function setAttribute(template: Template, name: string, value: TemplateValue): void {
  if (name === '__proto__')
    Object.defineProperty(template, name, { value, enumerable: true, writable: true, configurable: true });
  else template[name] = value;
}

/**
 * Decodes one document as the record type `typeName`, or as a template when `typeName` is
 * undefined; the root element must be `root`. Feed it to `scanXml`, then take `result()`.
 */
export class StreamDecoder implements XmlEventHandler {
  /** The error this decoder threw, to tell it from the parser's own. */
  failure: DecodeError | undefined;
  readonly #root: string;
  readonly #typeName: string | undefined;
  /** Frames by depth; the first `#depth` are the open elements. */
  readonly #frames: Frame[] = [];
  #depth = 0;
  #serial = 0;
  /** How deep inside skipped (undeclared) elements the parser is. */
  #skipping = 0;
  /** By depth, then template name: the child names of the last template there. */
  readonly #childNames: Array<Map<string, ChildNames>> = [];
  #done = false;
  #result: unknown;

  constructor(root: string, typeName: string | undefined) {
    this.#root = root;
    this.#typeName = typeName;
  }

  open(tag: XmlStartTag): void {
    if (this.#skipping > 0) {
      this.#skipping++;
      return;
    }
    if (this.#depth === 0) {
      this.#openRoot(tag.name);
      return;
    }
    const top = this.#frames[this.#depth - 1] as Frame;
    if (top.kind === 'record') this.#openField(top, tag.name);
    else if (top.kind === 'template') this.#openAttribute(top, tag.name);
    else throw this.#fail(`${this.#path()} should hold text, got a <${tag.name}> element`);
  }

  /** Starts reading a template decoded as `path`, for a caller replaying an element's children. */
  beginTemplate(path: string): void {
    this.#push('template', path, undefined).template = {};
  }

  text(data: string): void {
    if (this.#skipping > 0 || this.#depth === 0) return;
    const top = this.#frames[this.#depth - 1] as Frame;
    // '' + data is data itself: a value in one chunk is not copied.
    if (top.kind !== 'record') top.text += data;
  }

  close(): void {
    if (this.#skipping > 0) {
      this.#skipping--;
      return;
    }
    if (this.#depth === 0) return;
    const frame = this.#frames[this.#depth - 1] as Frame;
    const value = this.#valueOf(frame);
    if (this.#depth === 1) {
      this.#result = value;
      this.#done = true;
    } else {
      const parent = this.#frames[this.#depth - 2] as Frame;
      if (parent.kind === 'record') this.#setField(parent, frame.field as Field, value);
      else this.#addAttribute(parent, frame, value as string | Template);
    }
    this.#depth--;
  }

  /** The decoded root, once its element has closed. */
  result(): unknown {
    if (!this.#done) throw new DecodeError('Malformed XML: the document has no root element');
    return this.#result;
  }

  #openRoot(name: string): void {
    if (localNameOf(name) !== this.#root)
      throw this.#fail(`Expected a <${this.#root}> document, got <${name}>`);
    if (this.#typeName === undefined) this.beginTemplate(this.#root);
    else this.#pushRecord(this.#typeName, this.#root, undefined);
  }

  #openField(top: Frame, name: string): void {
    const plan = top.plan as Plan;
    const expected = plan.list[top.next];
    let field = expected !== undefined && expected.name === name ? expected : plan.fields.get(name);
    // Field names have no prefix: the local name is worth computing only when the name misses.
    if (field === undefined && name.includes(':')) field = plan.fields.get(localNameOf(name));
    if (field === undefined) {
      this.#skipping = 1;
      return;
    }
    // A repeatable field is expected again, a single one is followed by the next.
    top.next = field.many ? field.index : field.index + 1;
    if (field.kind === 'record') this.#pushRecord(field.type as string, field.name, field);
    else this.#push(field.kind, field.name, field).template = field.kind === 'template' ? {} : undefined;
  }

  #openAttribute(top: Frame, name: string): void {
    if (top.text !== '') {
      if (top.text.trim() !== '')
        throw this.#fail(`${this.#path()} holds text where attributes were expected`);
      top.text = '';
    }
    top.template ??= {};
    top.childNames ??= this.#childNamesOf(top.name);
    const childNames = top.childNames;
    const index = top.children++;
    this.#push('template', childNames.keyAt(index, name), undefined).repeats = childNames.repeatsAt(index);
  }

  /** The child names for a template named `templateName` that is the open element at the top. */
  #childNamesOf(templateName: string): ChildNames {
    this.#childNames[this.#depth - 1] ??= new Map();
    const byName = this.#childNames[this.#depth - 1] as Map<string, ChildNames>;
    let childNames = byName.get(templateName);
    if (childNames === undefined) {
      childNames = new ChildNames();
      byName.set(templateName, childNames);
    }
    return childNames;
  }

  #pushRecord(typeName: string, name: string, field: Field | undefined): void {
    const plan = planOf(typeName);
    if (plan === undefined) throw this.#fail(`No decoding shape for ${typeName}`);
    const record: Record<string, unknown> = {};
    for (const repeatable of plan.repeatable) repeatable.set(record, []);
    const frame = this.#push('record', name, field);
    frame.plan = plan;
    frame.record = record;
    frame.next = 0;
    frame.serial = ++this.#serial;
    while (frame.seen.length < plan.list.length) frame.seen.push(0);
  }

  /** Opens the next depth's frame, as a text value or a template attribute until told more. */
  #push(kind: FrameKind, name: string, field: Field | undefined): Frame {
    let frame = this.#frames[this.#depth];
    if (frame === undefined) {
      frame = new Frame();
      this.#frames.push(frame);
    }
    frame.kind = kind;
    frame.name = name;
    frame.field = field;
    frame.template = undefined;
    frame.childNames = undefined;
    frame.children = 0;
    frame.repeats = false;
    frame.keys = 0;
    frame.text = '';
    this.#depth++;
    return frame;
  }

  #valueOf(frame: Frame): unknown {
    switch (frame.kind) {
      case 'record':
        return frame.record;
      case 'template':
        // The tokenizer hands out text as strings of their own (never views of its chunk).
        if (frame.template === undefined) return frame.text;
        if (frame.text !== '' && frame.text.trim() !== '')
          throw this.#fail(`${this.#path()} holds text where attributes were expected`);
        // Records store their fields by name (`FieldSpec.set`); a template's can only be computed keys.
        return settledObject(frame.template, frame.keys);
      case 'string':
        return frame.text;
      case 'integer': {
        const value = integerOf(frame.text);
        if (value === undefined)
          throw this.#fail(`${this.#path()} should be an integer, got ${shown(frame.text)}`);
        return value;
      }
      case 'decimal': {
        const value = decimalOf(frame.text);
        // Number('') and Number(' ') are 0: only then is blankness worth checking.
        if (!Number.isFinite(value) || (value === 0 && frame.text.trim() === ''))
          throw this.#fail(`${this.#path()} should be a number, got ${shown(frame.text)}`);
        return value;
      }
    }
  }

  #setField(parent: Frame, field: Field, value: unknown): void {
    const record = parent.record as Record<string, unknown>;
    if (field.many) {
      // A first push would give the empty array room for 17: a one-item list is made to measure.
      const list = record[field.name] as unknown[];
      if (list.length === 0) field.set(record, [value]);
      else list.push(value);
    } else if (parent.seen[field.index] === parent.serial) {
      throw this.#fail(`${this.#path()} occurs more than once`);
    } else {
      parent.seen[field.index] = parent.serial;
      field.set(record, value);
    }
  }

  /**
   * Adds a template attribute: a name's first value stays as it is (a vector in an array), later
   * ones join it in an array of one kind, which the decoder owns and appends to in place.
   */
  #addAttribute(parent: Frame, frame: Frame, value: string | Template): void {
    const template = parent.template as Template;
    const name = frame.name;
    const isVector = frame.kind === 'template' && frame.template !== undefined;
    // Only a name an earlier sibling had can have values to join: the others need no lookup.
    const previous = frame.repeats && Object.hasOwn(template, name) ? template[name] : undefined;
    if (previous === undefined) {
      setAttribute(template, name, isVector ? [value as Template] : (value as string));
      parent.keys++;
    } else if (holdsVectors(previous) !== isVector) {
      throw this.#fail(`${this.#path()} is both a single attribute and a vector`);
    } else if (typeof previous === 'string') {
      setAttribute(template, name, [previous, value as string]);
    } else {
      (previous as Array<string | Template>).push(value);
    }
  }

  /** The open elements' path, for an error. */
  #path(): string {
    return this.#frames
      .slice(0, this.#depth)
      .map((frame) => frame.name)
      .join('/');
  }

  #fail(message: string): DecodeError {
    this.failure = new DecodeError(message);
    return this.failure;
  }
}

/** Whether a template attribute's values are vectors (an array holds values of one kind). */
function holdsVectors(values: TemplateValue): boolean {
  return typeof values !== 'string' && typeof values[0] !== 'string';
}

function shown(text: string): string {
  return JSON.stringify(text.slice(0, 40));
}

/**
 * `element` decoded as a template (path `path` in errors): its children are replayed as events
 * into a `StreamDecoder`, without recursion, so trees and documents follow one rule.
 */
export function templateOf(element: XmlElement, path: string): Template {
  const decoder = new StreamDecoder(path, undefined);
  decoder.beginTemplate(path);
  const pending: Array<{ children: readonly XmlNode[]; index: number }> = [
    { children: element.children, index: 0 },
  ];
  for (let top = pending[0]; top !== undefined; top = pending[pending.length - 1]) {
    const child = top.children[top.index++];
    if (child === undefined) {
      pending.pop();
      decoder.close();
    } else if (typeof child === 'string') {
      decoder.text(child);
    } else {
      decoder.open(child);
      pending.push({ children: child.children, index: 0 });
    }
  }
  return decoder.result() as Template;
}
