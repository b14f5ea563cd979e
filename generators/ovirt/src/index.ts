export { digestOvirt } from './digest.js';
export { emitOvirt } from './emitter.js';
export { default, generator } from './generator.js';
export type * from './ir.js';
export { readOvirtModel } from './reader.js';
