/** The error of an XML-RPC `<fault>`, thrown by both response readers (whole and streamed). */
import { ApiError } from './errors.js';

/** The server answered with an XML-RPC `<fault>`: `code` is its faultCode, `serverMessage` its faultString. */
export class XmlRpcFault extends ApiError {
  override name = 'XmlRpcFault';
  declare readonly code: number | string;
  declare readonly serverMessage: string;

  constructor(code: number | string, faultString: string, options: { body?: string } = {}) {
    super(`XML-RPC fault ${code}: ${faultString}`, { code, serverMessage: faultString, ...options });
  }
}
