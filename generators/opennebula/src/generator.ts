/** The OpenNebula generator: XSDs + protos → IR → `@overcast/opennebula`'s `src/generated/**`. */
import type { Generator } from '@overcast/generator-core';
import { digestOfIr } from './digest.js';
import { emitMethods } from './emit-methods.js';
import { emitShapes, emitTypes } from './emit-types.js';
import type { OneIr } from './ir.js';
import { readOpenNebula } from './reader.js';
import { typeModel } from './type-model.js';

export const generator: Generator<OneIr> = {
  provider: 'opennebula',
  version: '0.1.0',
  read: (schemaDir) => readOpenNebula(schemaDir),
  emit(ir, out) {
    const model = typeModel(ir);
    emitTypes(model, out);
    emitShapes(model, out);
    emitMethods(ir, model.documentTypes, out);
  },
  digest: (ir) => digestOfIr(ir, typeModel(ir)),
};

export default generator;
