/**
 * CloudStack's errors, by kind.
 *
 * - `CloudStackApiError`: the server (or a job) reported an error, with its `errorcode`,
 *   `cserrorcode` and `errortext`.
 * - `CloudStackError`: any answer the client cannot use (not JSON, no envelope, a redirect, a job
 *   without result); every `CloudStackApiError` is one too.
 *
 * Each error is also the runtime's kind (`AuthError`, `NotFoundError`, `ConflictError`,
 * `PermissionError`, `RateLimitError`, `BadRequestError`, else plain `ApiError`), decided by ONE
 * table, {@link KIND_TABLE}, documented in the README under "Errors". Transport failures stay the
 * runtime's `ConnectionError`, `TimeoutError` and `AbortError`, a body that is not UTF-8 its
 * `DecodeError`, and bad arguments are `ParameterError`s.
 *
 * Secrets never need handling here: the client registers its key, its secret and each signature
 * with the runtime, which scrubs every error's message, server text and body as it is built.
 */
import {
  defineErrorFamily,
  ERROR_KIND_CLASSES,
  type ErrorKind,
  type FamilyClass,
  kindForStatus,
} from '@overcast/runtime/error-kinds';
import type { ApiErrorOptions } from '@overcast/runtime/errors';

/** The field every CloudStack error may carry. */
export interface CloudStackErrorFields {
  /** The command whose answer failed. */
  command?: string;
}

/** The fields of a server-reported error. */
export interface CloudStackApiErrorFields {
  /** The command that failed. */
  command: string;
  /** CloudStack's `ApiErrorCode` (431 parameter error, 530 internal error…); the HTTP status of sync calls. */
  errorcode?: number;
  /** CloudStack's internal error code (`cserrorcode`, e.g. 4350 for an invalid parameter value, 9999). */
  cserrorcode?: number;
  /** The server's message, verbatim but for secrets. */
  errortext?: string;
  /** The async job that failed, when the error is a job's. */
  jobid?: string;
}

export type CloudStackApiErrorOptions = ApiErrorOptions & CloudStackApiErrorFields;

const family = defineErrorFamily<CloudStackErrorFields>('cloudstack', { fields: ['command'] });
const apiFamily = defineErrorFamily<CloudStackApiErrorFields>('cloudstack-api', {
  fields: ['command', 'errorcode', 'cserrorcode', 'errortext', 'jobid'],
  parent: family,
});

/**
 * Any answer the client cannot use, and (as the parent of `CloudStackApiError`) every error the
 * server reports: `instanceof CloudStackError` holds for both.
 */
export const CloudStackError = family.base('CloudStackError');
export type CloudStackError = InstanceType<typeof CloudStackError>;

/** An error the server or a job reported; also the runtime's kind (`NotFoundError`…). */
export const CloudStackApiError = apiFamily.base('CloudStackApiError');
export type CloudStackApiError = InstanceType<typeof CloudStackApiError>;

/** One class per kind: `CloudStackNotFoundError` is a `NotFoundError` and a `CloudStackApiError`. */
const API_ERRORS = apiFamily.kinds('CloudStack', CloudStackApiError);
/** For unusable answers whose HTTP status tells a kind (a proxy's HTML 429, 401 or 403). */
const ANSWER_ERRORS = family.kinds('CloudStackHttp', CloudStackError);

/** Words of the server's `errortext`, and how the README describes them. */
interface TextRule {
  pattern: RegExp;
  says: string;
}

/**
 * One row of the kind table: it applies when every criterion given matches (`errorcode` among
 * `errorcodes`, `cserrorcode` among `cserrorcodes`, `errortext` matching `text`). First match wins.
 */
interface KindRule {
  kind: ErrorKind;
  errorcodes?: readonly number[];
  cserrorcodes?: readonly number[];
  text?: TextRule;
  /** Why, for the README. */
  why: string;
}

/** "The entity does not exist", as CloudStack words it (431 `InvalidParameterValueException`s). */
const NOT_FOUND_TEXT: TextRule = {
  pattern:
    /\b(?:does not exist|doesn't exist|do not exist|unable to find|could not find|can(?:no|')t find|not found|no such)\b/i,
  says: "does not exist, unable to find, could not find, can't find, not found, no such",
};
/** A malformed or missing parameter, whatever the rest of the text says. */
const BAD_PARAMETER_TEXT: TextRule = {
  pattern: /\b(?:missing parameter|invalid parameter|malformed)\b/i,
  says: 'missing parameter, invalid parameter, malformed',
};
/** In use, locked, already there, or in the wrong state. */
const CONFLICT_TEXT: TextRule = {
  pattern:
    /\bin use\b|\bbeing used\b|\balready (?:exists?|attached|in use|assigned|associated|allocated|added|running|stopped|started|destroyed|expunged)\b|\blocked\b|\bconcurrent\b|\banother (?:operation|job)\b|\bin progress\b|\b(?:wrong|invalid|incorrect|unexpected|illegal) state\b|\b(?:is|are|was) (?:not )?in (?:an? |the )?\w+ state\b/i,
  says: 'in use, being used, already exists/attached/…, locked, concurrent, in progress, wrong/invalid state, is (not) in … state',
};
/** A `PermissionDeniedException`'s words, whichever code carries them. */
const PERMISSION_TEXT: TextRule = {
  pattern:
    /\bpermission denied\b|\bdo(?:es)? not have (?:the )?(?:permission|access)\b|\b(?:not|isn't) (?:authorized|permitted|allowed) to\b|\baccess denied\b/i,
  says: 'permission denied, does not have permission/access, not authorized/permitted/allowed to, access denied',
};

/**
 * CloudStack's codes and texts → the runtime's kinds. `ApiErrorCode` (errorcode) values:
 * 401 unauthorized, 411 2FA, 405 method not allowed, 429 API limit, 430 malformed parameter,
 * 431 parameter error, 432 unsupported action, 530 internal, 531 account (permission denied),
 * 532 resource limit, 533 insufficient capacity, 534 resource unavailable, 535 allocation,
 * 536 resource in use, 537 network rule conflict. `cserrorcode` values are `CSExceptionErrorCode`'s.
 * Anything no row names falls back to the HTTP meaning of `errorcode` (`kindForStatus`).
 */
export const KIND_TABLE: readonly KindRule[] = [
  { kind: 'auth', errorcodes: [401, 411], why: 'credentials or signature refused; 411: two-factor needed' },
  { kind: 'auth', cserrorcodes: [4290, 4295], why: 'CloudAuthenticationException (2FA too)' },
  { kind: 'rateLimit', errorcodes: [429], why: 'API_LIMIT_EXCEED' },
  { kind: 'rateLimit', cserrorcodes: [4545], why: 'RequestLimitException' },
  { kind: 'permission', errorcodes: [403, 531], why: 'PermissionDeniedException becomes 531 ACCOUNT_ERROR' },
  { kind: 'permission', cserrorcodes: [4365], why: 'PermissionDeniedException (530 inside a job)' },
  { kind: 'permission', errorcodes: [430, 431, 530], text: PERMISSION_TEXT, why: 'denied, in words' },
  { kind: 'conflict', errorcodes: [536, 537], why: 'RESOURCE_IN_USE_ERROR, NETWORK_RULE_CONFLICT_ERROR' },
  {
    kind: 'conflict',
    cserrorcodes: [4300, 4360, 4375, 4550],
    why: 'ConcurrentOperation, NetworkRuleConflict, ResourceInUse, StorageConflict exceptions',
  },
  { kind: 'notFound', errorcodes: [431], text: NOT_FOUND_TEXT, why: 'an id naming nothing' },
  { kind: 'notFound', cserrorcodes: [4350], text: NOT_FOUND_TEXT, why: 'the same in a failed job (530)' },
  {
    kind: 'badRequest',
    errorcodes: [430, 431],
    text: BAD_PARAMETER_TEXT,
    why: 'missing or invalid parameter',
  },
  {
    kind: 'conflict',
    errorcodes: [431, 530],
    text: CONFLICT_TEXT,
    why: 'in use, already attached, wrong state',
  },
  { kind: 'badRequest', errorcodes: [405, 430, 431], why: 'any other parameter error' },
  { kind: 'badRequest', cserrorcodes: [4350], why: 'InvalidParameterValueException in a failed job' },
  {
    kind: 'badRequest',
    errorcodes: [432],
    why: 'unknown command, or one the role does not allow: CloudStack says the same for both',
  },
  {
    kind: 'api',
    errorcodes: [530, 532, 533, 534, 535],
    why: 'internal error, resource limit, no capacity, unavailable: no object of the caller is at fault',
  },
];

/** {@link KIND_TABLE} as the README's Markdown table (a test keeps the README equal to it). */
export function kindTableMarkdown(): string {
  const cell = (codes: readonly number[] | undefined) => (codes === undefined ? 'any' : codes.join(', '));
  return [
    '| errorcode | cserrorcode | errortext says | kind | why |',
    '| --- | --- | --- | --- | --- |',
    ...KIND_TABLE.map(
      (rule) =>
        `| ${cell(rule.errorcodes)} | ${cell(rule.cserrorcodes)} | ${rule.text?.says ?? 'anything'} | ` +
        `\`${ERROR_KIND_CLASSES[rule.kind].name}\` | ${rule.why} |`,
    ),
  ].join('\n');
}

/** What the kind of a server-reported error is decided from. */
export interface ErrorFacts {
  errorcode?: number | undefined;
  cserrorcode?: number | undefined;
  errortext?: string | undefined;
  /** The HTTP status, used when there is no `errorcode`. */
  status?: number | undefined;
}

/** The kind of a server-reported error: the first row of {@link KIND_TABLE} that matches. */
export function errorKind(facts: ErrorFacts): ErrorKind {
  const errorcode = facts.errorcode ?? facts.status;
  const text = facts.errortext ?? '';
  for (const rule of KIND_TABLE) {
    if (rule.errorcodes !== undefined && (errorcode === undefined || !rule.errorcodes.includes(errorcode))) {
      continue;
    }
    if (
      rule.cserrorcodes !== undefined &&
      (facts.cserrorcode === undefined || !rule.cserrorcodes.includes(facts.cserrorcode))
    ) {
      continue;
    }
    if (rule.text !== undefined && !rule.text.pattern.test(text)) continue;
    return rule.kind;
  }
  return kindForStatus(errorcode);
}

/** Where a failed answer came from, for the error's fields. */
export interface AnswerContext {
  status?: number | undefined;
  body?: string | undefined;
  jobid?: string | undefined;
  /** The HTTP method of the request. */
  method?: string | undefined;
  /** The request's URL, redacted (the runtime's `response.target`). */
  url?: string | undefined;
  requestId?: string | undefined;
}

/** An error object as CloudStack sends it (`errorresponse`, or a failed job's `jobresult`). */
export function apiErrorFrom(command: string, error: unknown, context: AnswerContext): CloudStackApiError {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const errorcode = integer(fields['errorcode']);
  const cserrorcode = integer(fields['cserrorcode']);
  const text = fields['errortext'];
  // A job whose `jobresulttype` is `text` fails with its message as the whole result.
  const errortext = typeof text === 'string' ? text : typeof error === 'string' ? error : undefined;
  const where = context.jobid === undefined ? command : `${command} (job ${context.jobid})`;
  const code = errorcode ?? context.status;
  const message = `${where} failed${code === undefined ? '' : ` with ${code}`}: ${errortext ?? 'no error text'}`;
  const ErrorClass = API_ERRORS[errorKind({ errorcode, cserrorcode, errortext, status: context.status })];
  return new ErrorClass(message, {
    ...answerOptions(context),
    command,
    ...(code === undefined ? {} : { code }),
    ...(errortext === undefined ? {} : { serverMessage: errortext }),
    ...(errorcode === undefined ? {} : { errorcode }),
    ...(cserrorcode === undefined ? {} : { cserrorcode }),
    ...(errortext === undefined ? {} : { errortext }),
    ...(context.jobid === undefined ? {} : { jobid: context.jobid }),
  }) as CloudStackApiError;
}

/**
 * An answer the client cannot use. Its HTTP status still tells the kind when it has one (a
 * proxy's 401, 403 or 429 page), except 404: on the API URL that means a wrong endpoint, not a
 * missing object.
 */
export function unusableAnswer(
  message: string,
  context: AnswerContext & { command?: string | undefined },
): CloudStackError {
  const kind = kindForStatus(context.status);
  const ErrorClass = ANSWER_ERRORS[kind === 'notFound' ? 'api' : kind] as FamilyClass<CloudStackErrorFields>;
  return new ErrorClass(message, {
    ...answerOptions(context),
    ...(context.command === undefined ? {} : { command: context.command }),
  });
}

function answerOptions(context: AnswerContext): ApiErrorOptions {
  return {
    ...(context.status === undefined ? {} : { status: context.status }),
    ...(context.body === undefined ? {} : { body: context.body }),
    ...(context.method === undefined ? {} : { method: context.method }),
    ...(context.url === undefined ? {} : { url: context.url }),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
  };
}

/** A number, or its decimal string (`"1"`), as CloudStack sends codes and statuses; else undefined. */
export function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}
