/**
 * @overcast/opennebula: a typed OpenNebula client in pyone's style, generated from OpenNebula's
 * XSDs and protos.
 */

// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export { ACL_RESOURCES, ACL_RIGHTS, type AclRule, aclRuleParams, parseAclRule } from './acl.js';
export { OneServer, type OneServerOptions, READ_METHODS } from './client.js';
export * from './constants.js';
export { decodeDocument, decodeTemplate, decodeUntyped } from './decode.js';
export {
  httpErrorClass,
  ONED_ERROR_CODES,
  OneActionError,
  OneAllocateError,
  OneApiError,
  OneAuthenticationError,
  OneAuthorizationError,
  type OnedErrorClass,
  type OnedErrorFields,
  OneError,
  type OneErrorContext,
  type OneErrorFields,
  OneFaultError,
  OneHttpAuthError,
  OneHttpBadRequestError,
  OneHttpConflictError,
  OneHttpNotFoundError,
  OneHttpPermissionError,
  OneHttpRateLimitError,
  OneInternalError,
  OneLockedError,
  OneNoExistsError,
  OneReplicationError,
  oneErrorFor,
  oneFaultFor,
} from './errors.js';
export * from './generated/methods.js';
export type * from './generated/types.js';
// OpenNebula's call options: the runtime's, and limits on the answer.
export type { CallOptions, MethodSpec, ParamKind } from './method-spec.js';
export { type ChmodParams, chmodParams, PERMISSION, POOL_FILTER } from './parameter-values.js';
export { parseTemplateText, templateText, templateXml, toTemplate } from './template.js';
export type {
  Template,
  TemplateInput,
  TemplateInputValue,
  TemplateScalar,
  TemplateValue,
} from './template-types.js';
export { single, vector } from './template-values.js';
