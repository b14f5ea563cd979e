/**
 * Objects → what OpenNebula's template parameters take, and template text → objects.
 *
 * - a string passes through untouched (template text or XML you wrote yourself);
 * - `{ TEMPLATE: { … } }` — one key holding an object — becomes an XML document with that root and
 *   every value in CDATA (a `]]>` inside a value is split across sections, so it cannot end one);
 * - any other object becomes template text, one `KEY="value"` line per attribute, a vector
 *   `KEY=[ A="x", B="y" ]` for an object value and one line or vector per item of an array.
 *   Quotes are escaped as `\"`, the only escape oned's template parser undoes; a value ending in a
 *   backslash cannot be written as text (the parser would read `\"` as an escaped quote), so it is
 *   refused with a hint to use the XML form;
 * - an empty object, an empty vector, `null`/`undefined` values and names that are not template
 *   names are refused with a `ParameterError`.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { buildXml, cdata, type XmlBuildElement } from '@overcast/runtime/xml';
import type { Template, TemplateInput, TemplateInputValue } from './template-types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What to send for a template parameter given `input`. */
export function toTemplate(input: string | TemplateInput, what = 'template'): string {
  if (typeof input === 'string') return input;
  if (!isPlainObject(input))
    throw new ParameterError(`${what} must be template text or an object, got ${describe(input)}`);
  const keys = Object.keys(input);
  if (keys.length === 0)
    throw new ParameterError(`Cannot send an empty ${what}: give at least one attribute`);
  const only = keys.length === 1 ? input[keys[0] as string] : undefined;
  if (only !== undefined && isPlainObject(only))
    return templateXml(keys[0] as string, only as TemplateInput, what);
  return templateText(input, what);
}

/** `{ NAME: 'x', DISK: [{ IMAGE_ID: 1 }] }` → `NAME="x"\nDISK=[ IMAGE_ID="1" ]\n`. */
export function templateText(input: TemplateInput, what = 'template'): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(input)) {
    const path = `${what}.${name}`;
    checkName(name, path);
    for (const item of Array.isArray(value)
      ? (value as readonly TemplateInputValue[])
      : [value as TemplateInputValue]) {
      lines.push(
        isPlainObject(item)
          ? `${name}=${vectorText(item as TemplateInput, path)}`
          : `${name}=${quoted(item, path)}`,
      );
    }
    if (Array.isArray(value) && value.length === 0)
      throw new ParameterError(`${path} is an empty array: leave the attribute out instead`);
  }
  return `${lines.join('\n')}\n`;
}

function vectorText(vector: TemplateInput, path: string): string {
  const entries = Object.entries(vector);
  if (entries.length === 0) throw new ParameterError(`${path} is an empty vector`);
  const parts = entries.map(([name, value]) => {
    checkName(name, `${path}.${name}`);
    if (isPlainObject(value) || Array.isArray(value)) {
      throw new ParameterError(
        `${path}.${name}: template text vectors hold only single values; use the XML form ({ TEMPLATE: … }) to nest deeper`,
      );
    }
    return `${name}=${quoted(value, `${path}.${name}`)}`;
  });
  return `[ ${parts.join(', ')} ]`;
}

function quoted(value: unknown, path: string): string {
  const text = scalarText(value, path);
  if (text.endsWith('\\')) {
    throw new ParameterError(
      `${path} ends in a backslash, which template text cannot carry; pass the template as XML ({ TEMPLATE: … }) instead`,
    );
  }
  return `"${text.replaceAll('"', '\\"')}"`;
}

function scalarText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  throw new ParameterError(`${path} must be a string, number, bigint or boolean, got ${describe(value)}`);
}

/** `('TEMPLATE', { NAME: 'x' })` → `<TEMPLATE><NAME><![CDATA[x]]></NAME></TEMPLATE>`. */
export function templateXml(root: string, body: TemplateInput, what = 'template'): string {
  checkName(root, what);
  return buildXml({ name: root, children: xmlChildren(body, `${what}.${root}`) }, { declaration: false });
}

function xmlChildren(body: TemplateInput, path: string): XmlBuildElement[] {
  const entries = Object.entries(body);
  if (entries.length === 0) throw new ParameterError(`${path} is empty`);
  const children: XmlBuildElement[] = [];
  for (const [name, value] of entries) {
    const childPath = `${path}.${name}`;
    checkName(name, childPath);
    const items = Array.isArray(value)
      ? (value as readonly TemplateInputValue[])
      : [value as TemplateInputValue];
    if (items.length === 0)
      throw new ParameterError(`${childPath} is an empty array: leave the attribute out instead`);
    for (const item of items) {
      children.push({
        name,
        children: isPlainObject(item)
          ? xmlChildren(item as TemplateInput, childPath)
          : [cdata(scalarText(item, childPath))],
      });
    }
  }
  return children;
}

function checkName(name: string, path: string): void {
  if (!NAME.test(name))
    throw new ParameterError(
      `${path}: "${name}" is not a template attribute name (letters, digits, _ and -)`,
    );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Parses template text (`KEY = "value"`, `KEY = value`, `KEY = [ A = "x", B = y ]`, `#` comments)
 * into an object by the rule of template-types.ts. Throws `ParameterError` on malformed text.
 */
export function parseTemplateText(text: string): Template {
  return new TextParser(text).parse();
}

class TextParser {
  private i = 0;
  constructor(private readonly text: string) {}

  parse(): Template {
    const template: Template = {};
    for (this.skip(true); this.i < this.text.length; this.skip(true)) {
      const name = this.name();
      this.expect('=');
      this.skip(false);
      if (this.text[this.i] === '[') add(template, name, this.vector());
      else add(template, name, this.value());
    }
    return template;
  }

  private vector(): Template {
    this.i++;
    const vector: Template = {};
    for (;;) {
      this.skip(true);
      if (this.text[this.i] === ']') {
        this.i++;
        return vector;
      }
      const name = this.name();
      this.expect('=');
      this.skip(true);
      add(vector, name, this.value());
      this.skip(true);
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') this.fail('"," or "]"');
    }
  }

  private value(): string {
    if (this.text[this.i] !== '"') {
      const match = /^[^=#\s,[\]"]+/.exec(this.text.slice(this.i));
      if (!match) this.fail('a value');
      this.i += match[0].length;
      return match[0];
    }
    let value = '';
    for (this.i++; this.i < this.text.length; this.i++) {
      const char = this.text[this.i];
      if (char === '\\' && this.text[this.i + 1] === '"') {
        value += '"';
        this.i++;
      } else if (char === '"') {
        this.i++;
        return value;
      } else value += char;
    }
    return this.fail('a closing quote');
  }

  private name(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i));
    if (!match) this.fail('an attribute name');
    this.i += match[0].length;
    return match[0];
  }

  private expect(char: string): void {
    this.skip(false);
    if (this.text[this.i] !== char) this.fail(`"${char}"`);
    this.i++;
  }

  /** Skips blanks, and with `lines` also line ends and comments. */
  private skip(lines: boolean): void {
    for (; this.i < this.text.length; this.i++) {
      const char = this.text[this.i] as string;
      if (char === '#' && lines) while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
      else if (!(char === ' ' || char === '\t' || (lines && (char === '\n' || char === '\r')))) return;
    }
  }

  private fail(expected: string): never {
    throw new ParameterError(`Malformed template text at offset ${this.i}: expected ${expected}`);
  }
}

function add(template: Template, name: string, value: string | Template): void {
  const previous = template[name];
  if (typeof value === 'string') {
    if (previous === undefined) template[name] = value;
    else if (typeof previous === 'string') template[name] = [previous, value];
    else if (previous.every((p) => typeof p === 'string')) (previous as string[]).push(value);
    else throw new ParameterError(`${name} is both a single attribute and a vector`);
  } else if (previous === undefined) template[name] = [value];
  else if (Array.isArray(previous) && previous.every((p) => typeof p !== 'string'))
    (previous as Template[]).push(value);
  else throw new ParameterError(`${name} is both a single attribute and a vector`);
}
