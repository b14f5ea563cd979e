/**
 * The API digest of an EC2 IR: per operation its method (`runInstances`) with the input's members
 * (type text, required) and the output type; the paginator (`paginateDescribeInstances`) and waiter
 * (`waitUntilInstanceRunning`) methods; every structure with its members and every enumeration with
 * its values — the same type texts the emitter prints.
 */
import { type ApiDigest, type DigestMember, safeIdentifier } from '@overcast/generator-core';
import type { Ec2Ir, OperationIr } from './ir.js';
import { Ec2Model, methodName, paginatorMethodName, waiterMethodName } from './model.js';

export function digestEc2(ir: Ec2Ir): ApiDigest {
  const model = new Ec2Model(ir);
  const types: ApiDigest['types'] = {};
  for (const shape of ir.shapes) {
    if (shape.kind === 'structure') {
      types[safeIdentifier(shape.name)] = {
        fields: Object.fromEntries(
          shape.members.map((m) => [m.name, member(model.typeText(m.shape), m.required)]),
        ),
      };
    } else if (shape.kind === 'string' && shape.enum !== undefined) {
      types[safeIdentifier(shape.name)] = { enum: [...shape.enum] };
    }
  }
  const methods: ApiDigest['methods'] = {};
  const params = (op: OperationIr) =>
    op.input === undefined
      ? {}
      : Object.fromEntries(
          model.structure(op.input).members.map((m) => [m.name, member(model.typeText(m.shape), m.required)]),
        );
  for (const op of ir.operations) {
    methods[methodName(op.name)] = { params: params(op), returns: model.outputType(op) };
  }
  for (const paginator of ir.paginators) {
    const op = ir.operations.find((o) => o.name === paginator.operation) as OperationIr;
    methods[paginatorMethodName(op.name)] = { params: params(op), returns: `pages ${model.outputType(op)}` };
  }
  for (const waiter of ir.waiters) {
    const op = ir.operations.find((o) => o.name === waiter.operation) as OperationIr;
    methods[waiterMethodName(waiter.name)] = {
      params: params(op),
      returns: `waiter ${model.outputType(op)}`,
    };
  }
  return { provider: 'ec2', schemaVersion: '', methods, types };
}

function member(type: string, required: boolean): DigestMember {
  return { type, required };
}
