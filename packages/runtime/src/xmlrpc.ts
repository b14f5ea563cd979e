/**
 * XML-RPC: both sides of the wire — a client encodes calls and decodes responses, a server (our
 * simulators) decodes calls and encodes responses and faults.
 *
 * Value mapping:
 *
 * | XML-RPC | decodes to | encoded from |
 * | --- | --- | --- |
 * | `<int>`, `<i4>` | `number` (32-bit range enforced) | an integral `number` within 32 bits |
 * | `<i8>` (also `<ex:i8>`) | `number` within ±(2^53−1), else `bigint` | a `bigint`, or an integral `number` beyond 32 bits (within 64) |
 * | `<boolean>` (`0`/`1` only) | `boolean` | `boolean` |
 * | `<string>`, or `<value>` with bare text | `string` | `string` |
 * | `<double>` | `number` (`nan`, `inf`, `-inf` as Python writes them) | any other `number` |
 * | `<dateTime.iso8601>` | `Date`; no zone means UTC | `Date`, sent as `YYYYMMDDTHH:MM:SS` UTC, milliseconds dropped |
 * | `<base64>` | `Uint8Array` | `Uint8Array` (so `Buffer` too) |
 * | `<struct>` | plain object | plain object (own enumerable string keys) |
 * | `<array>` | array | array |
 * | `<nil/>` (also `<ex:nil/>`) | `null` | `null` or `undefined` |
 *
 * Strings may hold any character XML 1.0 can carry; others (most C0 controls, U+FFFE, U+FFFF, lone
 * surrogates) make the encoder throw a `ParameterError` naming the parameter, because no XML-RPC
 * peer could read them back. Text decodes with XML's line-end normalization (a raw CR arrives as
 * LF), so the encoder writes CR as `&#13;`.
 *
 * Decoding is strict and never throws anything but `DecodeError` (malformed input) or
 * `XmlRpcFault` (a well-formed fault). A whole response is read by `decodeMethodResponse` (see
 * `xmlrpc-scan.ts` for why it is a purpose-built scanner); one read as it arrives, by
 * `XmlRpcResponseStream` (xmlrpc-stream.ts), which can hand a string's text to the caller's sink
 * piece by piece instead of holding it.
 */
import { ParameterError } from './errors.js';
import { encodeText, encodeValue } from './xmlrpc-encode.js';
import { XmlRpcFault } from './xmlrpc-fault.js';
import { scanMethodCall, scanMethodResponse } from './xmlrpc-scan.js';
import type { XmlRpcInput, XmlRpcValue } from './xmlrpc-types.js';

export { XmlRpcFault } from './xmlrpc-fault.js';
export {
  type XmlRpcPath,
  XmlRpcResponseStream,
  type XmlRpcStreamOptions,
  type XmlRpcStringSink,
} from './xmlrpc-stream.js';
export type { XmlRpcInput, XmlRpcStruct, XmlRpcValue } from './xmlrpc-types.js';

const PROLOG = '<?xml version="1.0"?>';

/** A decoded `<methodCall>`. */
export interface XmlRpcCall {
  method: string;
  params: XmlRpcValue[];
}

/** The `<methodCall>` document calling `method` with `params`. */
export function encodeMethodCall(method: string, params: readonly XmlRpcInput[]): string {
  if (method === '') throw new ParameterError('Cannot encode an XML-RPC call without a method name');
  const out = [
    PROLOG,
    '<methodCall><methodName>',
    encodeText(method, 'the method name'),
    '</methodName><params>',
  ];
  params.forEach((param, i) => {
    out.push('<param>');
    encodeValue(param, `params[${i}]`, out);
    out.push('</param>');
  });
  out.push('</params></methodCall>');
  return out.join('');
}

/** The `<methodResponse>` document returning `value`. */
export function encodeMethodResponse(value: XmlRpcInput): string {
  const out = [PROLOG, '<methodResponse><params><param>'];
  encodeValue(value, 'the response value', out);
  out.push('</param></params></methodResponse>');
  return out.join('');
}

/** The `<methodResponse>` document carrying a fault; `code` must be a 32-bit integer, as XML-RPC's faultCode is an int. */
export function encodeFault(code: number, message: string): string {
  if (!Number.isInteger(code) || code < -(2 ** 31) || code > 2 ** 31 - 1) {
    throw new ParameterError(`Cannot encode XML-RPC fault code ${code}: it must be a 32-bit integer`);
  }
  const out = [PROLOG, '<methodResponse><fault>'];
  encodeValue({ faultCode: code, faultString: message }, 'the fault', out);
  out.push('</fault></methodResponse>');
  return out.join('');
}

/**
 * The value a `<methodResponse>` returns. Throws `XmlRpcFault` when it is a fault, `DecodeError`
 * when it is not a well-formed XML-RPC response.
 */
export function decodeMethodResponse(text: string): XmlRpcValue {
  const response = scanMethodResponse(text);
  if (response.fault) throw new XmlRpcFault(response.code, response.message, { body: text });
  return response.value;
}

/** The method and parameters of a `<methodCall>`; throws `DecodeError` when it is not a well-formed call. */
export function decodeMethodCall(text: string): XmlRpcCall {
  return scanMethodCall(text);
}
