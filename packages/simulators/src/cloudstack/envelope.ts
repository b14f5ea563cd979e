/** The JSON envelope of every answer: `{"<responseName>": payload}` with the server's content type. */
import type { SimulatorResponse } from '../types.js';
import type { CloudStackFault } from './errors.js';

// Commands whose class hard-codes an irregular response name (verified in server source or
// real answers; research note §2.1). Every other command answers `lower(command) + "response"`.
const IRREGULAR_RESPONSE_NAMES: Record<string, string> = {
  activateProject: 'activaterojectresponse',
  resetSSHKeyForVirtualMachine: 'resetSSHKeyforvirtualmachineresponse',
  enableStorageMaintenance: 'prepareprimarystorageformaintenanceresponse',
  cancelStorageMaintenance: 'cancelprimarystoragemaintenanceresponse',
};

export function responseName(command: string): string {
  return Object.hasOwn(IRREGULAR_RESPONSE_NAMES, command)
    ? (IRREGULAR_RESPONSE_NAMES[command] as string)
    : `${command.toLowerCase()}response`;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

export function jsonAnswer(envelope: string, payload: unknown, status = 200): SimulatorResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ [envelope]: payload }) };
}

/**
 * An error answer: HTTP status = `errorcode`; the envelope is the command's response name, or
 * `errorresponse` when there is no (known) command or the error is 432, as the server does.
 */
export function errorAnswer(fault: CloudStackFault, command: string | undefined): SimulatorResponse {
  const envelope = command === undefined || fault.errorcode === 432 ? 'errorresponse' : responseName(command);
  return jsonAnswer(envelope, fault.toJSON(), fault.errorcode);
}
