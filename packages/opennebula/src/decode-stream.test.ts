/**
 * The streaming decoder against a straightforward one: documents generated from the decoding
 * shapes (declared and undeclared elements, prefixes, repeats, bad numbers, text where elements
 * belong and the reverse) are decoded by both, which must give the same value — key order and
 * -0 included — or the same error.
 */
import { DecodeError } from '@overcast/runtime/errors';
import { parseXml, textOf, type XmlElement } from '@overcast/runtime/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDocument, decodeUntyped } from './decode.js';
import { SHAPES } from './generated/shapes.js';
import type { FieldSpec } from './shape.js';
import type { Template, TemplateValue } from './template-types.js';

// ---- The reference: parse to a tree, then decode it recursively, rule by rule. ----

function referenceDecode(xml: string, typeName: string | undefined, root: string): unknown {
  const element = parseXml(xml);
  if (element.localName !== root)
    throw new DecodeError(`Expected a <${root}> document, got <${element.name}>`);
  return typeName === undefined ? referenceTemplate(element, root) : referenceRecord(element, typeName, root);
}

function referenceRecord(element: XmlElement, typeName: string, path: string): Record<string, unknown> {
  const shape = SHAPES[typeName];
  if (shape === undefined) throw new DecodeError(`No decoding shape for ${typeName}`);
  const record: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(shape)) if (spec.many) record[name] = [];
  for (const child of element.children) {
    if (typeof child === 'string' || !Object.hasOwn(shape, child.localName)) continue;
    const name = child.localName;
    const spec = shape[name] as FieldSpec;
    const value = referenceField(child, spec, `${path}/${name}`);
    if (spec.many) (record[name] as unknown[]).push(value);
    else if (Object.hasOwn(record, name)) throw new DecodeError(`${path}/${name} occurs more than once`);
    else record[name] = value;
  }
  return record;
}

function referenceField(element: XmlElement, spec: FieldSpec, path: string): unknown {
  if (spec.kind === 'record') return referenceRecord(element, spec.type, path);
  if (spec.kind === 'template') return referenceTemplate(element, path);
  const child = element.children.find((node) => typeof node !== 'string');
  if (child !== undefined) throw new DecodeError(`${path} should hold text, got a <${child.name}> element`);
  const text = textOf(element);
  const shown = JSON.stringify(text.slice(0, 40));
  if (spec.kind === 'integer') {
    if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new DecodeError(`${path} should be an integer, got ${shown}`);
    return Number(text);
  }
  if (spec.kind === 'decimal') {
    if (text.trim() === '' || !Number.isFinite(Number(text)))
      throw new DecodeError(`${path} should be a number, got ${shown}`);
    return Number(text);
  }
  return text;
}

function referenceTemplate(element: XmlElement, path: string): Template {
  const template: Template = {};
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') throw new DecodeError(`${path} holds text where attributes were expected`);
      continue;
    }
    const childPath = `${path}/${child.localName}`;
    const isVector = child.children.some((node) => typeof node !== 'string');
    const value = isVector ? referenceTemplate(child, childPath) : textOf(child);
    const previous = Object.hasOwn(template, child.localName) ? template[child.localName] : undefined;
    template[child.localName] = joined(previous, value, childPath);
  }
  return template;
}

function joined(previous: TemplateValue | undefined, value: string | Template, path: string): TemplateValue {
  if (previous === undefined) return typeof value === 'string' ? value : [value];
  const values: Array<string | Template> = typeof previous === 'string' ? [previous] : [...previous];
  if (values.some((v) => typeof v !== typeof value))
    throw new DecodeError(`${path} is both a single attribute and a vector`);
  return [...values, value] as TemplateValue;
}

// ---- Documents generated from the shapes. ----

type Gen = fc.GeneratorValue;

const TYPE_NAMES = Object.keys(SHAPES);
const UNKNOWN_NAMES = ['EXTRA', 'x:EXTRA', 'NEW_THING'];
const TEMPLATE_NAMES = ['A', 'B', 'DISK', 'x:DISK', 'constructor', 'toString', 'NIC'];
const NARROW_NAMES = ['A', 'B'];
const INTEGER_TEXTS = [
  '0',
  '42',
  '-7',
  '+5',
  '-0',
  ' 12 ',
  '\n3\t',
  '007',
  '\u00a09\u00a0',
  '9007199254740993',
];
const BAD_INTEGER_TEXTS = ['', ' ', 'x', '1.5', '1 2', '--1', '\u0663', '0x10', '1e3'];
const DECIMAL_TEXTS = ['1.5', '-0', ' 2 ', '1e3', '.5', '0x10', '-0.0', '12345678901234567890'];
const BAD_DECIMAL_TEXTS = ['', '  ', 'abc', 'Infinity', '1.2.3', 'NaN'];
const TEXTS = ['', ' ', 'value', 'a &amp; b', '<![CDATA[x]]>', '  spaced  ', '\u00a0'];

function oneOf<T>(g: Gen, items: readonly T[]): T {
  return g(fc.constantFrom, ...items);
}

/** An integer from `min` to `max`, unbiased (fast-check would otherwise favour the small end). */
function between(g: Gen, min: number, max: number): number {
  return g(() => fc.noBias(fc.integer({ min, max })));
}

/** True `percent` times in 100. */
function chance(g: Gen, percent: number): boolean {
  return between(g, 1, 100) <= percent;
}

function prefixed(g: Gen, name: string): string {
  return chance(g, 10) ? `ns:${name}` : name;
}

/** Text as written in the document (the lists hold it escaped). */
function textNode(g: Gen, texts: readonly string[]): string {
  return oneOf(g, texts);
}

/** Fields mostly in shape order, some repeated, some missing, some not declared at all. */
function recordXml(g: Gen, typeName: string, name: string, depth: number): string {
  const shape = SHAPES[typeName] ?? {};
  const children: string[] = chance(g, 20) ? [textNode(g, TEXTS)] : [];
  for (const [field, spec] of depth > 3 ? [] : Object.entries(shape)) {
    if (!chance(g, depth === 0 ? 60 : 30)) continue;
    const copies = spec.many ? between(g, 0, 2) : chance(g, 3) ? 2 : 1;
    for (let i = 0; i < copies; i++) children.push(fieldXml(g, spec, prefixed(g, field), depth + 1));
    if (chance(g, 5)) children.push(templateXml(g, oneOf(g, UNKNOWN_NAMES), depth + 1));
    if (chance(g, 5)) children.push('\n  ');
  }
  if (chance(g, 10)) children.reverse();
  return `<${name}>${children.join('')}</${name}>`;
}

function fieldXml(g: Gen, spec: FieldSpec, name: string, depth: number): string {
  switch (spec.kind) {
    case 'record':
      return recordXml(g, spec.type, name, depth);
    case 'template':
      return templateXml(g, name, depth);
    default:
      if (chance(g, 3)) return `<${name}><B/></${name}>`;
      return `<${name}>${textNode(g, valueTexts(g, spec.kind))}</${name}>`;
  }
}

function valueTexts(g: Gen, kind: 'integer' | 'decimal' | 'string'): readonly string[] {
  const bad = chance(g, 4);
  if (kind === 'integer') return bad ? BAD_INTEGER_TEXTS : INTEGER_TEXTS;
  if (kind === 'decimal') return bad ? BAD_DECIMAL_TEXTS : [...DECIMAL_TEXTS, ...INTEGER_TEXTS];
  return TEXTS;
}

/**
 * A template, or a template attribute: text, or children (mostly vectors), rarely both; near the
 * top, now and then a wide one, with more attributes than V8 keeps fast as built.
 */
function templateXml(g: Gen, name: string, depth: number): string {
  if (depth > 5 || chance(g, 45)) return `<${name}>${textNode(g, TEXTS)}</${name}>`;
  const wide = depth < 2 && chance(g, 10);
  // Few names: siblings of one name with children in orders that agree and disagree.
  const narrow = chance(g, 50);
  const count = wide ? between(g, 15, 25) : between(g, 0, 4);
  let children = chance(g, 5) ? textNode(g, TEXTS) : '';
  for (let i = 0; i < count; i++) {
    const child = wide && chance(g, 90) ? `W${i}` : oneOf(g, narrow ? NARROW_NAMES : TEMPLATE_NAMES);
    children += templateXml(g, child, depth + 1);
    if (chance(g, 10)) children += chance(g, 80) ? ' \n' : 'stray';
  }
  return `<${name}>${children}</${name}>`;
}

// ---- The comparison. ----

type Outcome = { value: string } | { error: string };

function outcome(decode: () => unknown): Outcome {
  try {
    // Key order and -0 count: JSON alone keeps the first and loses the second.
    return { value: JSON.stringify(decode(), (_, v) => (Object.is(v, -0) ? '-0' : v)) };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { error: error.message };
  }
}

describe('streaming decoder ≡ tree decoder (property)', () => {
  it('gives the same record, or the same error, for documents of every shape', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const typeName = oneOf(g, TYPE_NAMES);
        const root = chance(g, 5) ? 'OTHER' : 'ROOT';
        const xml = recordXml(g, typeName, prefixed(g, root), 0);
        const expected = outcome(() => referenceDecode(xml, typeName, 'ROOT'));
        expect(outcome(() => decodeDocument(xml, typeName, 'ROOT'))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same template, or the same error, for untyped documents', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const xml = templateXml(g, 'ROOT', 0);
        const expected = outcome(() => referenceDecode(xml, undefined, 'ROOT'));
        expect(outcome(() => decodeUntyped(xml, 'ROOT'))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('integers', () => {
  it('accept an optional sign and surrounding whitespace, and read like Number()', () => {
    const read = (text: string) =>
      (decodeDocument(`<L><LOCKED>${text}</LOCKED></L>`, 'Lock', 'L') as never)['LOCKED'];
    expect(read(' +5 ')).toBe(5);
    expect(Object.is(read('-0'), -0)).toBe(true);
    expect(read('\u00a0\u2003 12\u3000')).toBe(12);
    expect(read('9007199254740993')).toBe(9007199254740992);
    expect(read('123456789012345678901234567890')).toBe(1.2345678901234568e29);
    for (const bad of ['', '+', '1.0', '\u0663', '1_0', '+-1'])
      expect(() => read(bad)).toThrow(`L/LOCKED should be an integer, got ${JSON.stringify(bad)}`);
  });
});
