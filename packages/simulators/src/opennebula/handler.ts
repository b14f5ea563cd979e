/**
 * The XML-RPC endpoint: decodes a `<methodCall>` posted to /RPC2, authenticates the session
 * (parameter 0), runs the method and answers oned's result arrays: `[true, value, 0]` on success,
 * `[false, "[method] message", code, resp_id, 0]` on failure. Unknown methods and missing or
 * mistyped parameters are XML-RPC faults, as xmlrpc-c answers them.
 */
import {
  decodeMethodCall,
  encodeFault,
  encodeMethodResponse,
  type XmlRpcInput,
} from '@overcast/runtime/xmlrpc';
import type { SimulatorHandler, SimulatorResponse } from '../types.js';
import { OneFailure, XMLRPC_FAULT, XmlRpcLayerFault } from './errors.js';
import type { MethodTable } from './methods/types.js';
import { Params } from './params.js';
import type { OneState } from './state.js';

export const RPC_PATH = '/RPC2';

const XML_HEADERS = { 'content-type': 'text/xml' };

function answer(body: string): SimulatorResponse {
  return { status: 200, headers: XML_HEADERS, body };
}

/** oned's failure array; the replication index is an `i8`, as xmlrpc-c writes it. */
function failure(method: string, error: OneFailure): XmlRpcInput {
  return [false, `[${method}] ${error.message}`, error.code, error.respId, 0n];
}

export function rpcHandler(state: OneState, methods: MethodTable): SimulatorHandler {
  return (request) => {
    if (request.path !== RPC_PATH)
      return { status: 404, body: `No XML-RPC endpoint at ${request.path}; use ${RPC_PATH}` };
    if (request.method !== 'POST')
      return { status: 405, headers: { allow: 'POST' }, body: 'XML-RPC takes POST' };
    let call: ReturnType<typeof decodeMethodCall>;
    try {
      call = decodeMethodCall(request.text);
    } catch (error) {
      return answer(
        encodeFault(
          -503,
          `Call XML not a proper XML-RPC call: ${error instanceof Error ? error.message : error}`,
        ),
      );
    }
    const method = methods[call.method];
    if (method === undefined)
      return answer(encodeFault(XMLRPC_FAULT.NO_SUCH_METHOD, `Unknown method "${call.method}"`));
    const [session, ...rest] = call.params;
    try {
      if (session === undefined)
        throw new XmlRpcLayerFault(XMLRPC_FAULT.INDEX, 'Not enough parameters: the session is missing');
      if (typeof session !== 'string')
        throw new XmlRpcLayerFault(
          XMLRPC_FAULT.TYPE,
          'Type mismatch: parameter 0 (the session) is not string',
        );
      const user = state.authenticate(session);
      return answer(encodeMethodResponse([true, method({ state, user, params: new Params(rest) }), 0]));
    } catch (error) {
      if (error instanceof OneFailure) return answer(encodeMethodResponse(failure(call.method, error)));
      if (error instanceof XmlRpcLayerFault) return answer(encodeFault(error.code, error.message));
      throw error;
    }
  };
}
