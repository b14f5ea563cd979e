/**
 * CloudStack's API errors (`ApiErrorCode`) as the server serializes them: the HTTP status equals
 * `errorcode`, and the body is `{"<envelope>": {"uuidList": [], "errorcode", "cserrorcode", "errortext"}}`.
 */

export const ErrorCode = {
  unauthorized: 401,
  paramError: 431,
  unsupportedAction: 432,
  internalError: 530,
  insufficientCapacity: 533,
  resourceInUse: 536,
} as const;

/** `CSExceptionErrorCode` of the generic `CloudRuntimeException`, the one clients see most. */
export const GENERIC_CS_ERROR_CODE = 9999;

export const UNAUTHORIZED_TEXT = 'unable to verify user credentials and/or request signature';
export const UNKNOWN_COMMAND_TEXT = 'The given command does not exist or it is not available for user';

/** Thrown by command handlers; the dispatcher turns it into the server's error answer. */
export class CloudStackFault extends Error {
  constructor(
    readonly errorcode: number,
    readonly errortext: string,
    /** `null` on 401, which the server writes without a `cserrorcode`. */
    readonly cserrorcode: number | null = GENERIC_CS_ERROR_CODE,
  ) {
    super(errortext);
    this.name = 'CloudStackFault';
  }

  /** The inner error object, as in an error answer and in a failed job's `jobresult`. */
  toJSON(): Record<string, unknown> {
    return {
      uuidList: [],
      errorcode: this.errorcode,
      ...(this.cserrorcode === null ? {} : { cserrorcode: this.cserrorcode }),
      errortext: this.errortext,
    };
  }
}

export function missingParameter(command: string, parameter: string): CloudStackFault {
  return new CloudStackFault(
    ErrorCode.paramError,
    `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${parameter}`,
  );
}

/** What the server says when a uuid parameter names no entity (or is not a uuid at all). */
export function invalidParameter(command: string, parameter: string, value: string): CloudStackFault {
  return new CloudStackFault(
    ErrorCode.paramError,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${parameter} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
  );
}

export function entityNotFound(what: string, id: string): CloudStackFault {
  return new CloudStackFault(ErrorCode.paramError, `Unable to find ${what} with specified id ${id}`);
}
