export { digestCloudStack } from './digest.js';
export { emitCloudStack } from './emitter.js';
export { generator } from './generator.js';
export type { CloudStackIr, CommandIr, FieldIr, ParamIr, ResultShape } from './ir.js';
export { listApisToIr, readListApis } from './reader.js';
export { resultShape, singular } from './result-shapes.js';
