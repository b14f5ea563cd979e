/**
 * The EC2 IR: botocore's EC2 model (`service-2.json`, `paginators-1.json`, `waiters-2.json`) as plain
 * data, with the EC2 Query protocol's naming rules already applied to every member. Upstream names
 * are kept as they are (`RunInstancesRequest`, `ImageId`); documentation stays upstream HTML.
 */

/** The model's own metadata (`service-2.json` `metadata`). */
export interface Ec2Metadata {
  apiVersion: string;
  protocol: string;
  endpointPrefix: string;
  serviceFullName: string;
  serviceId: string;
  signatureVersion: string;
  xmlNamespace: string;
}

export interface Ec2Ir {
  metadata: Ec2Metadata;
  /** The service's documentation (HTML). */
  documentation: string;
  /** Sorted by name. */
  operations: OperationIr[];
  /** Every shape of the model, sorted by name. */
  shapes: ShapeIr[];
  /** Sorted by operation. */
  paginators: PaginatorIr[];
  /** Sorted by name. */
  waiters: WaiterIr[];
}

export interface OperationIr {
  /** The action, e.g. `RunInstances` (sent as `Action=`). */
  name: string;
  /** Input structure shape, if the operation takes parameters. */
  input?: string;
  /** Output structure shape, if the operation answers with data. */
  output?: string;
  documentation: string;
}

export type ScalarKind =
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export type ShapeIr = StructureIr | ListIr | ScalarIr;

export interface StructureIr {
  kind: 'structure';
  name: string;
  /** In the model's order. */
  members: MemberIr[];
  documentation: string;
}

export interface MemberIr {
  /** The model's member name: the name in the TypeScript types (`ImageId`, `Reservations`). */
  name: string;
  /** The shape it targets. */
  shape: string;
  required: boolean;
  /**
   * The name in the query string (EC2 protocol): `queryName`, else `locationName` with its first
   * letter upper-cased, else the member name. A list member is flattened under it (`Name.1`, …)
   * whatever its own `locationName`.
   */
  queryName: string;
  /** The element name in response XML: `locationName`, else the member name. */
  xmlName: string;
  documentation: string;
  /**
   * Sent base64-encoded although the model types it a string: the user data of `RunInstances`,
   * which botocore's `base64_encode_user_data` handler (and boto 2) encode for the caller.
   */
  base64?: true;
}

export interface ListIr {
  kind: 'list';
  name: string;
  /** The shape of the items. */
  member: string;
  /** The items' element name in responses (`item`); readers accept any child element. */
  memberXmlName?: string;
  documentation: string;
}

export interface ScalarIr {
  kind: ScalarKind;
  name: string;
  /** For an enumerated string. */
  enum?: string[];
  documentation: string;
}

export interface PaginatorIr {
  operation: string;
  inputToken: string;
  outputToken: string;
  /** The page size parameter, when the operation has one. */
  limitKey?: string;
  /** The output member holding the page's items. */
  resultKey: string;
}

export type WaiterState = 'success' | 'failure' | 'retry';
export type WaiterMatcher = 'path' | 'pathAll' | 'pathAny' | 'error' | 'status';

export interface AcceptorIr {
  state: WaiterState;
  matcher: WaiterMatcher;
  /** The JMESPath expression of a path matcher. */
  argument?: string;
  expected: string | number | boolean;
}

export interface WaiterIr {
  name: string;
  operation: string;
  /** Seconds between attempts. */
  delay: number;
  maxAttempts: number;
  description?: string;
  acceptors: AcceptorIr[];
}
