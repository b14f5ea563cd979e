/**
 * OpenNebula templates as oned reads them (src/template/Template.cc `parse_str_or_xml`): text
 * starting with `<` is XML (root name ignored, two levels), anything else the template language
 * (`NAME = value`, `NAME = "quoted \" value"`, `NAME = [ A = "x", B = y ]`, `#` comments).
 * Names are upper-cased; only `\"` is unescaped, as oned does.
 */
import { childElements, parseXml, textOf } from '@overcast/runtime/xml';
import { ONE_ERROR, OneFailure } from './errors.js';

/** A vector attribute's pairs, in order (`DISK = [ IMAGE_ID = "1" ]`). */
export type Vector = [name: string, value: string][];
export type TemplateValue = string | Vector;
/** Attributes in order; a name may repeat (`DISK` twice). Plain data, so the store can copy it. */
export type Template = [name: string, value: TemplateValue][];

/** Parses template text or XML; a syntax error is oned's INTERNAL failure with a parse message. */
export function parseTemplate(source: string): Template {
  return source.trimStart().startsWith('<') ? parseXmlTemplate(source) : new TextParser(source).template();
}

function parseXmlTemplate(source: string): Template {
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(source);
  } catch (error) {
    throw parseError(error instanceof Error ? error.message : String(error));
  }
  return childElements(root).map((child) => {
    const name = child.localName.toUpperCase();
    const parts = childElements(child);
    if (parts.length === 0) return [name, textOf(child)];
    return [name, parts.map((part): [string, string] => [part.localName.toUpperCase(), textOf(part)])];
  });
}

function parseError(detail: string): OneFailure {
  return new OneFailure(ONE_ERROR.INTERNAL, `Parse error: ${detail}`);
}

const NAME = /[A-Za-z0-9_.-]/;
const UNQUOTED_END = /[\s=#,[\]]/;

/** A small recursive-descent reader of the template language. */
class TextParser {
  #at = 0;
  constructor(private readonly text: string) {}

  template(): Template {
    const attributes: Template = [];
    for (this.#skip(true); this.#at < this.text.length; this.#skip(true)) {
      const name = this.#name();
      this.#expect('=');
      this.#skip(false);
      if (this.text[this.#at] === '[') {
        this.#at += 1;
        attributes.push([name, this.#vector()]);
      } else {
        attributes.push([name, this.#value()]);
      }
    }
    return attributes;
  }

  #vector(): Vector {
    const pairs: Vector = [];
    for (;;) {
      this.#skip(true);
      if (this.text[this.#at] === ']') {
        this.#at += 1;
        return pairs;
      }
      if (pairs.length > 0) {
        this.#expect(',');
        this.#skip(true);
      }
      const name = this.#name();
      this.#expect('=');
      this.#skip(true);
      pairs.push([name, this.#value()]);
    }
  }

  #name(): string {
    const start = this.#at;
    while (this.#at < this.text.length && NAME.test(this.text[this.#at] ?? '')) this.#at += 1;
    if (this.#at === start) throw this.#error('an attribute name');
    return this.text.slice(start, this.#at).toUpperCase();
  }

  #value(): string {
    if (this.text[this.#at] === '"') {
      let value = '';
      for (this.#at += 1; this.#at < this.text.length; this.#at += 1) {
        const char = this.text[this.#at];
        if (char === '"') {
          this.#at += 1;
          return value;
        }
        if (char === '\\' && this.text[this.#at + 1] === '"') {
          value += '"';
          this.#at += 1;
        } else {
          value += char;
        }
      }
      throw parseError('unterminated quoted value');
    }
    const start = this.#at;
    while (this.#at < this.text.length && !UNQUOTED_END.test(this.text[this.#at] ?? '')) this.#at += 1;
    if (this.#at === start) throw this.#error('a value');
    return this.text.slice(start, this.#at);
  }

  #expect(char: string): void {
    this.#skip(char === ',');
    if (this.text[this.#at] !== char) throw this.#error(`"${char}"`);
    this.#at += 1;
  }

  /** Skips blanks and comments, and newlines too when `lines` (between attributes, inside vectors). */
  #skip(lines: boolean): void {
    while (this.#at < this.text.length) {
      const char = this.text[this.#at] ?? '';
      if (char === '#') {
        while (this.#at < this.text.length && this.text[this.#at] !== '\n') this.#at += 1;
      } else if (char === ' ' || char === '\t' || char === '\r' || (lines && char === '\n')) {
        this.#at += 1;
      } else {
        return;
      }
    }
  }

  #error(expected: string): OneFailure {
    const found = this.#at < this.text.length ? `"${this.text[this.#at]}"` : 'end of template';
    return parseError(`syntax error, expected ${expected} but found ${found} at offset ${this.#at}`);
  }
}

/** `one.x.update` with append 1: attributes named in `change` replace every attribute of that name. */
export function mergeTemplate(current: Template, change: Template): Template {
  const replaced = new Set(change.map(([name]) => name));
  return [...current.filter(([name]) => !replaced.has(name)), ...change];
}

/** The first scalar value of `name`, if any. */
export function attribute(template: Template, name: string): string | undefined {
  for (const [key, value] of template) if (key === name && typeof value === 'string') return value;
  return undefined;
}

/** Every vector named `name`, in order. */
export function vectors(template: Template, name: string): Vector[] {
  return template.flatMap(([key, value]) => (key === name && typeof value !== 'string' ? [value] : []));
}

/** `template` with `name` set to `value` (in place of its first occurrence, or appended). */
export function withAttribute(template: Template, name: string, value: TemplateValue): Template {
  const index = template.findIndex(([key]) => key === name);
  if (index === -1) return [...template, [name, value]];
  return template.flatMap((entry, i) => (i === index ? [[name, value]] : entry[0] === name ? [] : [entry]));
}

/** The value of `name` in a vector. */
export function vectorValue(vector: Vector, name: string): string | undefined {
  return vector.find(([key]) => key === name)?.[1];
}
