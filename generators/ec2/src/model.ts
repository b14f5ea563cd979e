/**
 * Views of the IR the emitter and the digest share: shapes by name, which shapes inputs and
 * outputs reach, the TypeScript type text of a shape, and the names of the public declarations.
 */
import { camelCase, pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { Ec2Ir, OperationIr, ShapeIr, StructureIr } from './ir.js';
import type { JmesType, JmesTypes } from './jmespath.js';

/** Names the generated files declare besides the shapes' types. */
export const RESERVED_NAMES = new Set([
  'OperationTypes',
  'OperationName',
  'OPERATIONS',
  'INPUT_SHAPES',
  'OUTPUT_SHAPES',
  'PROTOCOL',
  'API_VERSION',
  'PAGINATORS',
  'PaginatorName',
  'WAITERS',
  'WaiterName',
  'EmptyStructure',
  'Ec2Operations',
  'Ec2CallOptions',
  'Ec2Output',
  'Ec2PaginateOptions',
  'Ec2WaiterOptions',
]);

export class Ec2Model {
  readonly shapes: ReadonlyMap<string, ShapeIr>;
  /** Shapes reachable from an operation's input (in name order). */
  readonly inputShapes: readonly string[];
  /** Shapes reachable from an operation's output (in name order). */
  readonly outputShapes: readonly string[];

  constructor(readonly ir: Ec2Ir) {
    this.shapes = new Map(ir.shapes.map((shape) => [shape.name, shape]));
    this.inputShapes = this.reach(ir.operations.flatMap((op) => (op.input === undefined ? [] : [op.input])));
    this.outputShapes = this.reach(
      ir.operations.flatMap((op) => (op.output === undefined ? [] : [op.output])),
    );
    const seen = new Map<string, string>();
    for (const shape of ir.shapes) {
      const name = this.declarationName(shape.name);
      if (name === undefined) continue;
      const other = seen.get(name);
      if (other !== undefined)
        throw new Error(`shapes "${other}" and "${shape.name}" would both be named ${name}`);
      if (RESERVED_NAMES.has(name))
        throw new Error(`shape "${shape.name}" would be named ${name}, a name the generator uses`);
      seen.set(name, shape.name);
    }
  }

  shape(name: string): ShapeIr {
    const shape = this.shapes.get(name);
    if (shape === undefined) throw new Error(`no shape "${name}"`);
    return shape;
  }

  structure(name: string): StructureIr {
    const shape = this.shape(name);
    if (shape.kind !== 'structure') throw new Error(`shape "${name}" is a ${shape.kind}, not a structure`);
    return shape;
  }

  /**
   * The name a shape is declared under, or undefined when it is written inline: structures and
   * enumerations are declared; lists are written `Item[]` and plain scalars as their TypeScript type.
   */
  declarationName(name: string): string | undefined {
    const shape = this.shape(name);
    if (shape.kind === 'structure' || (shape.kind === 'string' && shape.enum !== undefined)) {
      return safeIdentifier(name);
    }
    return undefined;
  }

  /** The TypeScript type of a value of shape `name`. */
  typeText(name: string): string {
    const shape = this.shape(name);
    switch (shape.kind) {
      case 'structure':
        return safeIdentifier(name);
      case 'list':
        return `${this.typeText(shape.member)}[]`;
      case 'string':
        return shape.enum === undefined ? 'string' : safeIdentifier(name);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        return 'Uint8Array';
    }
  }

  /** The input type of an operation (an empty structure when it takes none). */
  inputType(op: OperationIr): string {
    return op.input === undefined ? 'EmptyStructure' : safeIdentifier(op.input);
  }

  /** The output type of an operation (an empty structure when it answers no data). */
  outputType(op: OperationIr): string {
    return op.output === undefined ? 'EmptyStructure' : safeIdentifier(op.output);
  }

  /** JMESPath's view of the shapes, for compiling waiter acceptors. */
  jmesTypes(): JmesTypes {
    return {
      member: (structure, field) => {
        const member = this.structure(structure).members.find((m) => m.name === field);
        return member === undefined ? undefined : this.jmesType(member.shape);
      },
    };
  }

  private jmesType(name: string): JmesType {
    const shape = this.shape(name);
    if (shape.kind === 'structure') return { kind: 'structure', name };
    if (shape.kind === 'list') return { kind: 'list', item: this.jmesType(shape.member) };
    return { kind: 'scalar', scalar: shape.kind };
  }

  private reach(roots: readonly string[]): string[] {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const shape = this.shape(name);
      if (shape.kind === 'structure') stack.push(...shape.members.map((m) => m.shape));
      else if (shape.kind === 'list') stack.push(shape.member);
    }
    return [...seen].sort();
  }
}

/** The method of an operation, as aws-sdk-js-v3 names it: `RunInstances` → `runInstances`. */
export function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

/** `paginateDescribeInstances`. */
export function paginatorMethodName(operation: string): string {
  return `paginate${operation}`;
}

/** `waitUntilInstanceRunning`. */
export function waiterMethodName(waiter: string): string {
  return `waitUntil${waiter}`;
}

/** A function name made of words: `describeInstances` + `Reservations[].Instances[].State.Name`. */
export function pathFunctionName(operation: string, argument: string): string {
  const words = argument.match(/[A-Za-z0-9]+/g) ?? [];
  return safeIdentifier(camelCase(operation) + words.map((word) => pascalCase(word)).join(''));
}
