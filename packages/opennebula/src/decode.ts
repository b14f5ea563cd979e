/**
 * XML answers → typed objects, driven by the generated shapes: integers and decimals become
 * numbers, repeatable elements always arrays (empty when absent), TEMPLATE-like elements plain
 * objects (see template-types.ts). Elements the XSD does not declare are ignored outside templates,
 * as a newer server may add them; inside templates everything is kept.
 */
import { DecodeError } from '@overcast/runtime/errors';
import { parseXml, type XmlElement } from '@overcast/runtime/xml';
import { SHAPES } from './generated/shapes.js';
import type { FieldSpec, Shape } from './shape.js';
import type { Template, TemplateValue } from './template-types.js';

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Decodes the XML document `xml`, whose root must be `root`, as the generated type `typeName`. */
export function decodeDocument(xml: string, typeName: string, root: string): unknown {
  const element = parseXml(xml);
  if (element.localName !== root)
    throw new DecodeError(`Expected a <${root}> document, got <${element.name}>`);
  return decodeRecord(element, typeName, root);
}

/** Decodes an XML document no XSD describes (quotas, SQL answers) as a free-form object. */
export function decodeUntyped(xml: string, root: string): Template {
  const element = parseXml(xml);
  if (element.localName !== root)
    throw new DecodeError(`Expected a <${root}> document, got <${element.name}>`);
  return decodeTemplate(element, root);
}

/** The repeatable fields of each shape, found once: every record starts with them as `[]`. */
const repeatable = new Map<string, string[]>();

function repeatableFields(typeName: string, shape: Shape): string[] {
  let names = repeatable.get(typeName);
  if (names === undefined) {
    names = Object.entries(shape)
      .filter(([, spec]) => spec.many)
      .map(([name]) => name);
    repeatable.set(typeName, names);
  }
  return names;
}

function decodeRecord(element: XmlElement, typeName: string, path: string): Record<string, unknown> {
  const shape = Object.hasOwn(SHAPES, typeName) ? SHAPES[typeName] : undefined;
  if (!shape) throw new DecodeError(`No decoding shape for ${typeName}`);
  const record: Record<string, unknown> = {};
  for (const name of repeatableFields(typeName, shape)) record[name] = [];
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    const spec = Object.hasOwn(shape, child.localName) ? shape[child.localName] : undefined;
    if (spec === undefined) continue;
    const childPath = `${path}/${child.localName}`;
    const value = decodeField(child, spec, childPath);
    if (spec.many) (record[child.localName] as unknown[]).push(value);
    else if (Object.hasOwn(record, child.localName))
      throw new DecodeError(`${childPath} occurs more than once`);
    else record[child.localName] = value;
  }
  return record;
}

function decodeField(element: XmlElement, spec: FieldSpec, path: string): unknown {
  switch (spec.kind) {
    case 'record':
      return decodeRecord(element, spec.type, path);
    case 'template':
      return decodeTemplate(element, path);
    case 'string':
      return textOnly(element, path);
    case 'integer': {
      const text = textOnly(element, path);
      if (!INTEGER.test(text))
        throw new DecodeError(`${path} should be an integer, got ${JSON.stringify(text.slice(0, 40))}`);
      return Number(text);
    }
    case 'decimal': {
      const text = textOnly(element, path);
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value))
        throw new DecodeError(`${path} should be a number, got ${JSON.stringify(text.slice(0, 40))}`);
      return value;
    }
  }
}

function textOnly(element: XmlElement, path: string): string {
  let text = '';
  for (const child of element.children) {
    if (typeof child !== 'string')
      throw new DecodeError(`${path} should hold text, got a <${child.name}> element`);
    text += child;
  }
  return text;
}

/** A template element as an object: vectors always arrays of objects, single attributes strings. */
export function decodeTemplate(element: XmlElement, path: string): Template {
  const template: Template = {};
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') throw new DecodeError(`${path} holds text where attributes were expected`);
      continue;
    }
    const name = child.localName;
    const isVector = child.children.some((c) => typeof c !== 'string');
    const value = isVector ? decodeTemplate(child, `${path}/${name}`) : textOnly(child, `${path}/${name}`);
    template[name] = merged(
      Object.hasOwn(template, name) ? template[name] : undefined,
      value,
      isVector,
      `${path}/${name}`,
    );
  }
  return template;
}

function merged(
  previous: TemplateValue | undefined,
  value: string | Template,
  isVector: boolean,
  path: string,
): TemplateValue {
  if (isVector) {
    if (previous === undefined) return [value as Template];
    if (Array.isArray(previous) && previous.every((p) => typeof p !== 'string'))
      return [...(previous as Template[]), value as Template];
  } else {
    if (previous === undefined) return value as string;
    if (typeof previous === 'string') return [previous, value as string];
    if (previous.every((p) => typeof p === 'string')) return [...(previous as string[]), value as string];
  }
  throw new DecodeError(`${path} is both a single attribute and a vector`);
}
