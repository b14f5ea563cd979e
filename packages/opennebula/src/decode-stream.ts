/**
 * The streaming decoder behind decode.ts: one pass over `scanXml`'s events with a frame stack
 * driven by the generated shapes, so no element tree is built. A frame is an open element being
 * read — a record, a template (or template attribute), or a text value; elements a record's shape
 * does not declare are skipped with a depth counter. Errors name the path of open elements, which
 * the stack gives when (and only when) one is thrown.
 */
import { DecodeError } from '@overcast/runtime/errors';
import type { XmlElement, XmlEventHandler, XmlNode, XmlStartTag } from '@overcast/runtime/xml';
import { SHAPES } from './generated/shapes.js';
import type { FieldSpec } from './shape.js';
import type { Template, TemplateValue } from './template-types.js';

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** A record type's fields by element name, and its repeatable fields (every record starts with them as `[]`). */
interface Plan {
  readonly fields: ReadonlyMap<string, FieldSpec>;
  readonly repeatable: readonly string[];
}

interface RecordFrame {
  kind: 'record';
  /** The element's local name (the root's: the path it is decoded as). */
  name: string;
  many: boolean;
  plan: Plan;
  record: Record<string, unknown>;
}

/**
 * A template, or an attribute inside one: `template` stays undefined until a child element makes
 * the attribute a vector; `text` is the text since the last child element (or all of a single
 * attribute's text).
 */
interface TemplateFrame {
  kind: 'template';
  name: string;
  many: boolean;
  template: Template | undefined;
  text: string;
}

interface TextFrame {
  kind: 'string' | 'integer' | 'decimal';
  name: string;
  many: boolean;
  text: string;
}

type Frame = RecordFrame | TemplateFrame | TextFrame;

const plans = new Map<string, Plan>();

function planOf(typeName: string): Plan | undefined {
  let plan = plans.get(typeName);
  if (plan === undefined) {
    const shape = Object.hasOwn(SHAPES, typeName) ? SHAPES[typeName] : undefined;
    if (!shape) return undefined;
    const entries = Object.entries(shape);
    plan = {
      fields: new Map(entries),
      repeatable: entries.filter(([, spec]) => spec.many).map(([name]) => name),
    };
    plans.set(typeName, plan);
  }
  return plan;
}

function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
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
  readonly #stack: Frame[] = [];
  /** How deep inside skipped (undeclared) elements the parser is. */
  #skipping = 0;
  #done = false;
  #result: unknown;
  /** Text values never nest (markup inside one is an error): one frame object serves them all. */
  readonly #leaf: TextFrame = { kind: 'string', name: '', many: false, text: '' };

  constructor(root: string, typeName: string | undefined) {
    this.#root = root;
    this.#typeName = typeName;
  }

  open(tag: XmlStartTag): void {
    this.openElement(tag.name, localNameOf(tag.name));
  }

  openElement(name: string, localName: string): void {
    if (this.#skipping > 0) {
      this.#skipping++;
      return;
    }
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) {
      if (localName !== this.#root) throw this.#fail(`Expected a <${this.#root}> document, got <${name}>`);
      if (this.#typeName === undefined) this.beginTemplate(this.#root);
      else this.#pushRecord(this.#typeName, this.#root, false);
      return;
    }
    switch (top.kind) {
      case 'record': {
        const spec = top.plan.fields.get(localName);
        if (spec === undefined) this.#skipping = 1;
        else this.#pushField(spec, localName);
        return;
      }
      case 'template':
        if (top.text !== '') {
          if (top.text.trim() !== '')
            throw this.#fail(`${this.#path()} holds text where attributes were expected`);
          top.text = '';
        }
        top.template ??= {};
        this.#stack.push({ kind: 'template', name: localName, many: false, template: undefined, text: '' });
        return;
      default:
        throw this.#fail(`${this.#path()} should hold text, got a <${name}> element`);
    }
  }

  /** Starts reading a template decoded as `path`, for a caller replaying an element's children. */
  beginTemplate(path: string): void {
    this.#stack.push({ kind: 'template', name: path, many: false, template: {}, text: '' });
  }

  text(data: string): void {
    if (this.#skipping > 0) return;
    const top = this.#stack[this.#stack.length - 1];
    if (top !== undefined && top.kind !== 'record') top.text += data;
  }

  close(): void {
    if (this.#skipping > 0) {
      this.#skipping--;
      return;
    }
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined) return;
    let value: unknown;
    switch (frame.kind) {
      case 'record':
        value = frame.record;
        break;
      case 'template':
        if (frame.template === undefined) value = frame.text;
        else if (frame.text.trim() !== '')
          throw this.#fail(`${this.#path()} holds text where attributes were expected`);
        else value = frame.template;
        break;
      case 'string':
        value = frame.text;
        break;
      case 'integer': {
        const text = frame.text;
        if (!INTEGER.test(text))
          throw this.#fail(`${this.#path()} should be an integer, got ${JSON.stringify(text.slice(0, 40))}`);
        value = Number(text);
        break;
      }
      case 'decimal': {
        const text = frame.text;
        const number = Number(text);
        if (text.trim() === '' || !Number.isFinite(number))
          throw this.#fail(`${this.#path()} should be a number, got ${JSON.stringify(text.slice(0, 40))}`);
        value = number;
        break;
      }
    }
    const parent = this.#stack[this.#stack.length - 2];
    if (parent === undefined) {
      this.#stack.pop();
      this.#result = value;
      this.#done = true;
    } else if (parent.kind === 'record') {
      const record = parent.record;
      if (frame.many) (record[frame.name] as unknown[]).push(value);
      else if (Object.hasOwn(record, frame.name)) throw this.#fail(`${this.#path()} occurs more than once`);
      else record[frame.name] = value;
      this.#stack.pop();
    } else if (parent.kind === 'template' && parent.template !== undefined) {
      const template = parent.template;
      const name = frame.name;
      const joined = merged(
        Object.hasOwn(template, name) ? template[name] : undefined,
        value as string | Template,
        frame.kind === 'template' && frame.template !== undefined,
      );
      if (joined === undefined) throw this.#fail(`${this.#path()} is both a single attribute and a vector`);
      template[name] = joined;
      this.#stack.pop();
    }
  }

  /** The decoded root, once its element has closed. */
  result(): unknown {
    if (!this.#done) throw new DecodeError('Malformed XML: the document has no root element');
    return this.#result;
  }

  #pushField(spec: FieldSpec, name: string): void {
    switch (spec.kind) {
      case 'record':
        this.#pushRecord(spec.type, name, spec.many === true);
        return;
      case 'template':
        this.#stack.push({ kind: 'template', name, many: spec.many === true, template: {}, text: '' });
        return;
      default: {
        const leaf = this.#leaf;
        leaf.kind = spec.kind;
        leaf.name = name;
        leaf.many = spec.many === true;
        leaf.text = '';
        this.#stack.push(leaf);
      }
    }
  }

  #pushRecord(typeName: string, name: string, many: boolean): void {
    const plan = planOf(typeName);
    if (plan === undefined) throw this.#fail(`No decoding shape for ${typeName}`);
    const record: Record<string, unknown> = {};
    for (const field of plan.repeatable) record[field] = [];
    this.#stack.push({ kind: 'record', name, many, plan, record });
  }

  /** The open elements' path, for an error. */
  #path(): string {
    return this.#stack.map((frame) => frame.name).join('/');
  }

  #fail(message: string): DecodeError {
    this.failure = new DecodeError(message);
    return this.failure;
  }
}

/**
 * A template attribute's value joined with the values before it under the same name; undefined
 * when one is a single attribute and the other a vector.
 */
function merged(
  previous: TemplateValue | undefined,
  value: string | Template,
  isVector: boolean,
): TemplateValue | undefined {
  if (isVector) {
    if (previous === undefined) return [value as Template];
    if (Array.isArray(previous) && previous.every((p) => typeof p !== 'string'))
      return [...(previous as Template[]), value as Template];
  } else {
    if (previous === undefined) return value as string;
    if (typeof previous === 'string') return [previous, value as string];
    if (previous.every((p) => typeof p === 'string')) return [...(previous as string[]), value as string];
  }
  return undefined;
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
      decoder.openElement(child.name, child.localName);
      pending.push({ children: child.children, index: 0 });
    }
  }
  return decoder.result() as Template;
}
