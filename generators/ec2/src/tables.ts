/**
 * The operation table as plain data: what `operations.ts` prints and the package's serializer and
 * reader walk (`Ec2Protocol` in `packages/ec2/src/protocol.ts`). Kept apart from the printing so that
 * tests can run any model (the Smithy protocol-test model among them) through the same rules.
 */
import type { Ec2Ir } from './ir.js';
import { Ec2Model } from './model.js';

export type ScalarTable = { type: string; base64?: true };
export type InputTypeTable =
  | ScalarTable
  | { type: 'structure'; shape: string }
  | { type: 'list'; member: InputTypeTable };
export type OutputTypeTable =
  | { type: string }
  | { type: 'structure'; shape: string }
  | { type: 'list'; item: OutputTypeTable };

export interface ProtocolTables {
  apiVersion: string;
  operations: Record<string, { input?: string; output?: string }>;
  /** Per input structure: `required` member names, and per member its wire name and type. */
  inputShapes: Record<
    string,
    { required?: string[]; members: Record<string, InputTypeTable & { wire: string }> }
  >;
  /** Per output structure, by XML element name: the member it fills and its type. */
  outputShapes: Record<string, Record<string, OutputTypeTable & { member: string }>>;
}

export function protocolTables(ir: Ec2Ir, model = new Ec2Model(ir)): ProtocolTables {
  const operations: ProtocolTables['operations'] = {};
  for (const op of ir.operations) {
    operations[op.name] = {
      ...(op.input === undefined ? {} : { input: op.input }),
      ...(op.output === undefined ? {} : { output: op.output }),
    };
  }
  const inputShapes: ProtocolTables['inputShapes'] = {};
  for (const name of model.inputShapes) {
    const shape = model.shape(name);
    if (shape.kind !== 'structure') continue;
    const required = shape.members.filter((m) => m.required).map((m) => m.name);
    inputShapes[name] = {
      ...(required.length === 0 ? {} : { required }),
      members: Object.fromEntries(
        shape.members.map((m) => [
          m.name,
          { wire: m.queryName, ...inputType(model, m.shape, m.base64 === true) },
        ]),
      ),
    };
  }
  const outputShapes: ProtocolTables['outputShapes'] = {};
  for (const name of model.outputShapes) {
    const shape = model.shape(name);
    if (shape.kind !== 'structure') continue;
    const elements: ProtocolTables['outputShapes'][string] = {};
    for (const m of shape.members) {
      if (Object.hasOwn(elements, m.xmlName))
        throw new Error(`${name}: two members are read from <${m.xmlName}>`);
      elements[m.xmlName] = { member: m.name, ...outputType(model, m.shape) };
    }
    outputShapes[name] = elements;
  }
  return { apiVersion: ir.metadata.apiVersion, operations, inputShapes, outputShapes };
}

function inputType(model: Ec2Model, shapeName: string, base64 = false): InputTypeTable {
  const shape = model.shape(shapeName);
  if (shape.kind === 'structure') return { type: 'structure', shape: shapeName };
  if (shape.kind === 'list') return { type: 'list', member: inputType(model, shape.member) };
  return base64 ? { type: shape.kind, base64: true } : { type: shape.kind };
}

function outputType(model: Ec2Model, shapeName: string): OutputTypeTable {
  const shape = model.shape(shapeName);
  if (shape.kind === 'structure') return { type: 'structure', shape: shapeName };
  if (shape.kind === 'list') return { type: 'list', item: outputType(model, shape.member) };
  return { type: shape.kind };
}
