/** The oVirt generator: the Java API model → IR → `@overcast/ovirt`'s `src/generated/`. */
import type { Generator } from '@overcast/generator-core';
import { digestOvirt } from './digest.js';
import { emitOvirt } from './emitter.js';
import type { OvirtIr } from './ir.js';
import { readOvirtModel } from './reader.js';

export const generator: Generator<OvirtIr> = {
  provider: 'ovirt',
  version: '0.1.0',
  read: readOvirtModel,
  emit: emitOvirt,
  digest: digestOvirt,
};

export default generator;
