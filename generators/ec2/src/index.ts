export { digestEc2 } from './digest.js';
export { docMarkdown } from './docs.js';
export { emitEc2 } from './emitter.js';
export { generator } from './generator.js';
export type * from './ir.js';
export { compileJmesPath, JmesPathError, parseJmesPath } from './jmespath.js';
export { Ec2Model, methodName } from './model.js';
export { BASE64_MEMBERS, MODEL_FILES, modelToIr, readEc2Model } from './reader.js';
export { type ProtocolTables, protocolTables } from './tables.js';
