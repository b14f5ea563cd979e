export { digestOpenStack } from './digest.js';
export { emitOpenStack, pretty } from './emitter.js';
export { generator } from './generator.js';
export type * from './ir.js';
export { readMetadata } from './metadata.js';
export { serviceModel } from './model.js';
export { actionWords, nameService, operationKey, plural, resourceWords, singular } from './naming.js';
export { readOpenStack, readService, serviceFromSpec, wireInput } from './reader.js';
export { SERVICES, type ServiceEntry } from './services.js';
