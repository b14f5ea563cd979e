/**
 * OpenNebula's failure answers. oned answers a failed call with the array
 * `[false, "[one.x.y] message", code, resp_id, replication_index]` (src/rm/xml-rpc/RequestXRPC.cc);
 * only faults of the XML-RPC layer itself (unknown method, missing or mistyped parameter) are
 * `<fault>` documents.
 */

/** oned's `Request::ErrorCode` values (include/Request.h). */
export const ONE_ERROR = {
  AUTHENTICATION: 0x100,
  AUTHORIZATION: 0x200,
  NO_EXISTS: 0x400,
  ACTION: 0x800,
  XML_RPC_API: 0x1000,
  INTERNAL: 0x2000,
  ALLOCATE: 0x4000,
  LOCKED: 0x8000,
  REPLICATION: 0x10000,
} as const;

export type OneErrorCode = (typeof ONE_ERROR)[keyof typeof ONE_ERROR];

/** Thrown by a method to answer `[false, "[method] message", code, respId, 0]`. */
export class OneFailure extends Error {
  constructor(
    readonly code: OneErrorCode,
    message: string,
    readonly respId = -1,
  ) {
    super(message);
  }
}

/** xmlrpc-c's fault codes for calls that never reach oned's handlers. */
export const XMLRPC_FAULT = { TYPE: -501, INDEX: -502, NO_SUCH_METHOD: -506 } as const;

/** Thrown to answer an XML-RPC `<fault>` instead of a result array. */
export class XmlRpcLayerFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** oned's `Request::object_name`: how messages name each kind of object. */
export type ObjectKind =
  | 'user'
  | 'host'
  | 'template'
  | 'image'
  | 'vnet'
  | 'vm'
  | 'datastore'
  | 'group'
  | 'cluster'
  | 'market';

const OBJECT_NAMES: Record<ObjectKind, string> = {
  user: 'user',
  host: 'host',
  template: 'virtual machine template',
  image: 'image',
  vnet: 'virtual network',
  vm: 'virtual machine',
  datastore: 'datastore',
  group: 'group',
  cluster: 'cluster',
  market: 'marketplace',
};

/** `Error getting virtual machine [42].`, as oned words NO_EXISTS. */
export function noExists(kind: ObjectKind, id: number): OneFailure {
  return new OneFailure(ONE_ERROR.NO_EXISTS, `Error getting ${OBJECT_NAMES[kind]} [${id}].`, id);
}

/** The AUTHENTICATION answer for a wrong or missing session. */
export function notAuthenticated(): OneFailure {
  return new OneFailure(ONE_ERROR.AUTHENTICATION, "User couldn't be authenticated, aborting call.");
}

/** `User [2] : Not authorized to perform MANAGE VM [3].` */
export function notAuthorized(uid: number, operation: string, kind: ObjectKind, id: number): OneFailure {
  const object = kind === 'vnet' ? 'NET' : kind === 'vm' ? 'VM' : kind.toUpperCase();
  return new OneFailure(
    ONE_ERROR.AUTHORIZATION,
    `User [${uid}] : Not authorized to perform ${operation} ${object} [${id}].`,
    id,
  );
}

/** An ALLOCATE failure: `Error allocating a new virtual machine template. NAME is already taken…` */
export function allocateFailure(kind: ObjectKind, reason: string): OneFailure {
  return new OneFailure(ONE_ERROR.ALLOCATE, `Error allocating a new ${OBJECT_NAMES[kind]}. ${reason}`);
}

/** A parameter value oned refuses (XML_RPC_API). */
export function badParameter(message: string): OneFailure {
  return new OneFailure(ONE_ERROR.XML_RPC_API, message);
}
