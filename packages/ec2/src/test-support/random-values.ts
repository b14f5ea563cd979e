/**
 * Random inputs and outputs of any operation, built from the generated table, for the tests that
 * compare the serializer and the reader with botocore's own. Values stay inside what both sides
 * print the same way (floats with a short decimal form, whole-second timestamps).
 */
import fc from 'fast-check';
import type { Ec2Protocol, InputType, OutputType } from '../protocol.js';

const TEXT = fc.oneof(
  fc.constantFrom(
    'ami-00000001',
    'running',
    'm1.tiny',
    'tag:Name',
    'a b',
    'x=y&z',
    '',
    '/dev/vda',
    'ünïcode ✓',
    '100%',
  ),
  // Text any XML document can carry as it is (no control characters, no CR, which XML normalises).
  fc
    .string({ unit: 'grapheme', maxLength: 12 })
    .filter((text) => !/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/.test(text)),
);
const FLOATS = fc.constantFrom(0.5, 2.25, -3.75, 99.9, 1.125);
const SECONDS = fc.integer({ min: 0, max: 4_102_444_799 });

/** A random input of structure `shape`, keys in random order, nested at most `depth` deep. */
export function randomInput(
  protocol: Ec2Protocol,
  shape: string,
  depth = 3,
): fc.Arbitrary<Record<string, unknown>> {
  const spec = protocol.inputShapes[shape];
  if (spec === undefined) throw new Error(`no input shape ${shape}`);
  const names = Object.keys(spec.members);
  const required = new Set(spec.required ?? []);
  const optional = names.filter((name) => !required.has(name));
  return fc
    .subarray(optional, { maxLength: depth <= 0 ? 0 : Math.min(optional.length, depth > 1 ? 6 : 3) })
    .chain((chosen) => {
      const members = [...required, ...chosen];
      return fc
        .tuple(
          fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length }),
          ...members.map((name) => inputValue(protocol, spec.members[name] as InputType, depth - 1)),
        )
        .map(([order, ...values]) => {
          const byName = new Map(members.map((name, i) => [name, values[i]]));
          const record: Record<string, unknown> = {};
          for (const name of order) record[name] = byName.get(name);
          return record;
        });
    });
}

function inputValue(protocol: Ec2Protocol, type: InputType, depth: number): fc.Arbitrary<unknown> {
  switch (type.type) {
    case 'structure':
      // Below the depth limit, only the required members (the model has no required cycle).
      return randomInput(protocol, type.shape, depth);
    case 'list':
      return fc.array(inputValue(protocol, type.member, depth - 1), { maxLength: depth <= 0 ? 0 : 2 });
    case 'string':
      return TEXT;
    case 'integer':
    case 'long':
      return fc.integer({ min: -5, max: 100_000 });
    case 'float':
    case 'double':
      return FLOATS;
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return SECONDS.map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
    case 'blob':
      return TEXT;
  }
}

/** A random output of structure `shape` (model member names, typed values). */
export function randomOutput(
  protocol: Ec2Protocol,
  shape: string,
  depth = 3,
): fc.Arbitrary<Record<string, unknown>> {
  const spec = protocol.outputShapes[shape];
  if (spec === undefined) throw new Error(`no output shape ${shape}`);
  const members = Object.values(spec);
  return fc
    .subarray(members, { maxLength: Math.min(members.length, depth > 1 ? 8 : 3) })
    .chain((chosen) =>
      fc
        .tuple(...chosen.map((member) => outputValue(protocol, member, depth - 1)))
        .map((values) => Object.fromEntries(chosen.map((member, i) => [member.member, values[i]]))),
    );
}

function outputValue(protocol: Ec2Protocol, type: OutputType, depth: number): fc.Arbitrary<unknown> {
  switch (type.type) {
    case 'structure':
      return depth <= 0 ? fc.constant({}) : randomOutput(protocol, type.shape, depth);
    case 'list':
      return fc.array(outputValue(protocol, type.item, depth - 1), { maxLength: depth <= 0 ? 0 : 3 });
    case 'string':
      return TEXT;
    case 'integer':
    case 'long':
      return fc.integer({ min: -5, max: 100_000 });
    case 'float':
    case 'double':
      return FLOATS;
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return SECONDS.map((s) => new Date(s * 1000));
    case 'blob':
      return fc.uint8Array({ maxLength: 12 });
  }
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `output` as EC2 (and ec2-api) writes it: `<{operation}Response>`, `requestId` first, lists of `<item>`. */
export function renderResponse(
  protocol: Ec2Protocol,
  operation: string,
  output: Record<string, unknown>,
  requestId: string,
): string {
  const op = protocol.operations[operation];
  const inner = op?.output === undefined ? '' : renderStructure(protocol, op.output, output);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://ec2.amazonaws.com/doc/${protocol.apiVersion}/">` +
    `<requestId>${requestId}</requestId>${inner}</${operation}Response>`
  );
}

function renderStructure(protocol: Ec2Protocol, shape: string, value: Record<string, unknown>): string {
  const spec = protocol.outputShapes[shape] ?? {};
  let xml = '';
  for (const [element, member] of Object.entries(spec)) {
    if (!(member.member in value)) continue;
    xml += `<${element}>${renderValue(protocol, member, value[member.member])}</${element}>`;
  }
  return xml;
}

function renderValue(protocol: Ec2Protocol, type: OutputType, value: unknown): string {
  switch (type.type) {
    case 'structure':
      return renderStructure(protocol, type.shape, value as Record<string, unknown>);
    case 'list':
      return (value as unknown[])
        .map((item) => `<item>${renderValue(protocol, type.item, item)}</item>`)
        .join('');
    case 'timestamp':
      return (value as Date).toISOString();
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'string':
      return escapeXml(value as string);
    default:
      return String(value);
  }
}
