/**
 * CloudStack's errors. `CloudStackError`: the server answered something the client cannot use (not
 * JSON, no envelope, a job without result). `CloudStackApiError`: the server (or a job) reported an
 * error, with its `errorcode`, `cserrorcode` and `errortext`. Transport failures stay the runtime's
 * `ConnectionError`, `TimeoutError` and `AbortError`; bad arguments are `ParameterError`s.
 */
import { ApiError, type ApiErrorOptions } from '@overcast/runtime/errors';

export class CloudStackError extends ApiError {
  override name = 'CloudStackError';
}

export interface CloudStackApiErrorOptions extends ApiErrorOptions {
  command: string;
  errorcode?: number;
  cserrorcode?: number;
  errortext?: string;
  /** The async job that failed, when the error is a job's. */
  jobid?: string;
}

export class CloudStackApiError extends CloudStackError {
  override name = 'CloudStackApiError';
  /** The command that failed. */
  readonly command: string;
  /** CloudStack's `ApiErrorCode` (431 parameter error, 530 internal error…); the HTTP status of sync calls. */
  readonly errorcode: number | undefined;
  /** CloudStack's internal error code (`cserrorcode`, e.g. 9999). */
  readonly cserrorcode: number | undefined;
  /** The server's message, verbatim. */
  readonly errortext: string | undefined;
  readonly jobid: string | undefined;

  constructor(message: string, options: CloudStackApiErrorOptions) {
    super(message, {
      ...options,
      ...(options.errorcode === undefined ? {} : { code: options.errorcode }),
      ...(options.errortext === undefined ? {} : { serverMessage: options.errortext }),
    });
    this.command = options.command;
    this.errorcode = options.errorcode;
    this.cserrorcode = options.cserrorcode;
    this.errortext = options.errortext;
    this.jobid = options.jobid;
  }
}

/** An error object as CloudStack sends it (`errorresponse`, or a failed job's `jobresult`). */
export function apiErrorFrom(
  command: string,
  error: unknown,
  context: { status?: number; body?: string; jobid?: string },
): CloudStackApiError {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const errorcode = integer(fields['errorcode']);
  const cserrorcode = integer(fields['cserrorcode']);
  const errortext = typeof fields['errortext'] === 'string' ? fields['errortext'] : undefined;
  const where = context.jobid === undefined ? `${command}` : `${command} (job ${context.jobid})`;
  const code = errorcode ?? context.status;
  const message = `${where} failed${code === undefined ? '' : ` with ${code}`}: ${errortext ?? 'no error text'}`;
  return new CloudStackApiError(message, {
    command,
    ...(context.status === undefined ? {} : { status: context.status }),
    ...(context.body === undefined ? {} : { body: context.body }),
    ...(errorcode === undefined ? {} : { errorcode }),
    ...(cserrorcode === undefined ? {} : { cserrorcode }),
    ...(errortext === undefined ? {} : { errortext }),
    ...(context.jobid === undefined ? {} : { jobid: context.jobid }),
  });
}

function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}
