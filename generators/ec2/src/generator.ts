/** The EC2 generator: botocore's EC2 model → IR → `@overcast/ec2`'s `src/generated/`. */
import type { Generator } from '@overcast/generator-core';
import { digestEc2 } from './digest.js';
import { emitEc2 } from './emitter.js';
import type { Ec2Ir } from './ir.js';
import { readEc2Model } from './reader.js';

export const generator: Generator<Ec2Ir> = {
  provider: 'ec2',
  version: '0.1.0',
  read: readEc2Model,
  emit: emitEc2,
  digest: digestEc2,
};

export default generator;
