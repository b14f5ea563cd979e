/**
 * The JavaScript shapes of XML-RPC values, shared by the encoder, the scanner and the public
 * `xmlrpc` module (which documents the mapping).
 */

/** A decoded XML-RPC value. */
export type XmlRpcValue =
  | number
  | bigint
  | boolean
  | string
  | Date
  | Uint8Array
  | null
  | XmlRpcValue[]
  | XmlRpcStruct;

/** A decoded `<struct>`: member names to values. */
export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}

/** What the encoder accepts: every decoded shape, plus `undefined` (sent as nil) and readonly containers. */
export type XmlRpcInput =
  | XmlRpcValue
  | undefined
  | readonly XmlRpcInput[]
  | { readonly [member: string]: XmlRpcInput };

/**
 * Deepest nesting of arrays and structs either side accepts. Real payloads nest a few levels; the
 * limit keeps a hostile or cyclic value from exhausting the stack.
 */
export const MAX_XMLRPC_NESTING = 512;
