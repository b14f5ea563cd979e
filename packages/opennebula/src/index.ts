/**
 * @overcast/opennebula: a typed OpenNebula client in pyone's style, generated from OpenNebula's
 * XSDs and protos.
 */
export { ACL_RESOURCES, ACL_RIGHTS, type AclRule, aclRuleParams, parseAclRule } from './acl.js';
export { OneServer, type OneServerOptions } from './client.js';
export * from './constants.js';
export { decodeDocument, decodeTemplate, decodeUntyped } from './decode.js';
export {
  OneActionError,
  OneAllocateError,
  OneApiError,
  OneAuthenticationError,
  OneAuthorizationError,
  OneError,
  OneInternalError,
  OneLockedError,
  OneNoExistsError,
  OneReplicationError,
  oneErrorFor,
} from './errors.js';
export * from './generated/methods.js';
export type * from './generated/types.js';
export type { CallOptions, MethodSpec, ParamKind } from './method-spec.js';
export { parseTemplateText, templateText, templateXml, toTemplate } from './template.js';
export type {
  Template,
  TemplateInput,
  TemplateInputValue,
  TemplateScalar,
  TemplateValue,
} from './template-types.js';
