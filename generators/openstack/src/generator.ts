/** The OpenStack generator: the OpenAPI specs + naming metadata → IR → `@overcast/openstack`'s `src/generated/`. */
import type { Generator } from '@overcast/generator-core';
import { digestOpenStack } from './digest.js';
import { emitOpenStack } from './emitter.js';
import type { OpenStackIr } from './ir.js';
import { readOpenStack } from './reader.js';

export const generator: Generator<OpenStackIr> = {
  provider: 'openstack',
  version: '0.1.0',
  read: (schemaDir) => readOpenStack(schemaDir),
  emit: emitOpenStack,
  digest: digestOpenStack,
};

export default generator;
