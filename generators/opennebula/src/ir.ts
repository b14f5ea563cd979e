/**
 * The OpenNebula IR: what the reader gets from the pinned XSDs and protos, and all the emitter
 * needs. Plain JSON, upstream names kept as they are.
 */

/** How an element's text is typed. `template` is free-form content (TEMPLATE, xs:anyType, untyped). */
export type ScalarKind = 'integer' | 'decimal' | 'string';

export interface XsdElement {
  /** Local name as written in the XSD (and on the wire, without namespace). */
  name: string;
  /** Absent from a valid document when false. */
  required: boolean;
  /** maxOccurs > 1 (directly or through a repeating compositor): always decoded as an array. */
  repeated: boolean;
  type: XsdType;
  /** What the XSD says of it (its comments; see xsd-docs.ts). */
  doc?: string;
}

export type XsdType =
  | { kind: 'scalar'; scalar: ScalarKind; enum?: string[]; patterns?: string[] }
  /** Free-form; `declared` keeps the XSD's own structure when it gives one (VM/TEMPLATE), for building valid samples. */
  | { kind: 'template'; declared?: XsdType }
  /** A shared.xsd named complex type. */
  | { kind: 'named'; name: string }
  /** A reference to another document's root element (e.g. HOST inside HOST_POOL). */
  | { kind: 'document'; id: string }
  | { kind: 'complex'; children: XsdElement[]; open: boolean };

export interface XsdDocument {
  /** Unique id: the XSD file's base name, or `file#ROOT` for a second root in one file. */
  id: string;
  file: string;
  root: XsdElement;
}

export type ProtoType =
  | 'int32'
  | 'sint32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'string'
  | 'bool'
  | 'repeated int32';

export interface MethodParam {
  name: string;
  type: ProtoType;
  /** A template parameter: accepts template text, or an object the client turns into template text or XML. */
  template?: boolean;
  /** The server's default when the caller leaves this trailing parameter out. */
  optionalDefault?: string | number | boolean;
  /** The only strings the server accepts here, when a fact table says so (`one.vm.action`'s names). */
  values?: readonly string[];
  /** What it means, from the XML-RPC reference (method-docs.ts). */
  doc: string;
}

/** What a method answers: an id, an XML document (by document id or, for roots no XSD declares, untyped), text, or a raw value. */
export type MethodReturn =
  | { kind: 'id' }
  | { kind: 'document'; document: string }
  | { kind: 'untyped-document'; root: string }
  | { kind: 'text' }
  | { kind: 'value'; message: string };

export interface OneMethod {
  /** `one.vm.info` */
  xmlrpc: string;
  /** `/one.vm.VirtualMachineService/Info` */
  grpc: string;
  protoFile: string;
  params: MethodParam[];
  returns: MethodReturn;
  /** What the call does, from the XML-RPC reference (method-docs.ts). */
  summary: string;
  /** What comes back. */
  returnsDoc: string;
}

export interface OneIr {
  documents: XsdDocument[];
  /** shared.xsd named complex types. */
  namedTypes: Record<string, XsdType & { kind: 'complex' }>;
  methods: OneMethod[];
}
