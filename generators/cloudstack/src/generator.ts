/** The CloudStack generator: listApis.json → IR → `@overcast/cloudstack`'s `src/generated/`. */
import type { Generator } from '@overcast/generator-core';
import { digestCloudStack } from './digest.js';
import { emitCloudStack } from './emitter.js';
import type { CloudStackIr } from './ir.js';
import { readListApis } from './reader.js';

export const generator: Generator<CloudStackIr> = {
  provider: 'cloudstack',
  version: '0.1.0',
  read: readListApis,
  emit: emitCloudStack,
  digest: digestCloudStack,
};

export default generator;
