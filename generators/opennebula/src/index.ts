/** @overcast/generator-opennebula: the OpenNebula reader, IR and emitter. */
export { generator } from './generator.js';
export type * from './ir.js';
export { readOpenNebula } from './reader.js';
export { type SampleOptions, sampleDocument } from './samples.js';
