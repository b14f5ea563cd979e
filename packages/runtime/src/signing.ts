/**
 * Request signing for the clouds whose APIs sign each call. CloudStack's HMAC-SHA1
 * (`signCloudStack`) lives in `./signing-cloudstack.js`, EC2's SigV2/SigV4 in `./signing-aws.js`
 * (also an entry of its own, `@overcast/runtime/signing-aws`, so that EC2 loads only its signer).
 */

export * from './signing-aws.js';
export {
  type CloudStackMap,
  type CloudStackParam,
  type CloudStackParams,
  type CloudStackParamValue,
  type CloudStackScalar,
  type CloudStackSignInput,
  cloudStackCanonicalString,
  cloudStackSignature,
  cloudStackStringToSign,
  DEFAULT_CLOUDSTACK_EXPIRATION_MS,
  javaUrlEncode,
  type SignedCloudStackRequest,
  signCloudStack,
} from './signing-cloudstack.js';
