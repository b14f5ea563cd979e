/** What a simulated XML-RPC method sees and answers. */
import type { XmlRpcInput } from '@overcast/runtime/xmlrpc';
import type { UserRecord } from '../model.js';
import type { Params } from '../params.js';
import type { OneState } from '../state.js';

export interface Call {
  readonly state: OneState;
  /** The authenticated caller. */
  readonly user: UserRecord;
  readonly params: Params;
}

/** A method's success value (an id, an XML document string, …); failures are thrown `OneFailure`s. */
export type Method = (call: Call) => XmlRpcInput;

export type MethodTable = Record<string, Method>;
