/**
 * EC2's errors, by kind.
 *
 * Every error the client throws about an answer is an `Ec2Error` (`instanceof Ec2Error` holds for
 * all of them) and also the runtime's kind — `AuthError`, `PermissionError`, `NotFoundError`,
 * `ConflictError`, `RateLimitError`, `BadRequestError`, else plain `ApiError` — decided by ONE
 * table, {@link KIND_TABLE}, from the EC2 error code (`<Code>`), documented in the README under
 * "Errors". Transport failures stay the runtime's `ConnectionError`, `TimeoutError` and
 * `AbortError`; an answer that cannot be read is its `DecodeError`; bad arguments are
 * `ParameterError`s, before anything is sent.
 *
 * Secrets need no handling here: the client registers the secret key, the session token and every
 * signature with the runtime, which scrubs each error's message, server text and body as it is built.
 */
import {
  defineErrorFamily,
  ERROR_KIND_CLASSES,
  type ErrorKind,
  type FamilyClass,
  kindForStatus,
} from '@overcast/runtime/error-kinds';
import type { ApiErrorOptions } from '@overcast/runtime/errors';
import { ConflictError } from '@overcast/runtime/errors';
import type { Ec2ErrorEntry } from './xml-errors.js';

/** The fields an EC2 error carries besides the runtime's (`status`, `code`, `serverMessage`, `requestId`, `body`, `method`, `url`). */
export interface Ec2ErrorFields {
  /** The operation (`Action`) that failed. */
  operation?: string;
  /** Every `<Error>` of the answer, in order (EC2 sends one). */
  errors?: Ec2ErrorEntry[];
  /** For a waiter that reached a failure state: its name (`InstanceRunning`). */
  waiter?: string;
}

export type Ec2ErrorOptions = ApiErrorOptions & Ec2ErrorFields;

const family = defineErrorFamily<Ec2ErrorFields>('ec2', { fields: ['operation', 'errors', 'waiter'] });

/**
 * Every error of an EC2 answer: `code` (`InvalidInstanceID.NotFound`), the server's message
 * (`serverMessage`), `requestId` (the answer's `RequestID`), `status`, the raw `body`, `method` and
 * the redacted `url`, plus `operation` and `errors`. Each is also the runtime's kind.
 */
export const Ec2Error = family.base('Ec2Error');
export type Ec2Error = InstanceType<typeof Ec2Error>;

/** One class per kind: `Ec2NotFoundError` is a `NotFoundError` and an `Ec2Error`. */
export const EC2_ERRORS: Readonly<Record<ErrorKind, FamilyClass<Ec2ErrorFields>>> = family.kinds(
  'Ec2',
  Ec2Error,
);

/**
 * A waiter reached one of its failure states (`InstanceRunning` seeing `terminated`): a
 * `ConflictError` (the object is in a state the wait cannot end well from) and an `Ec2Error`.
 */
export const Ec2WaiterError = family.member(ConflictError, 'Ec2WaiterError');
export type Ec2WaiterError = InstanceType<typeof Ec2WaiterError>;

/** One row of the kind table: codes named exactly, or a pattern over the code. First match wins. */
export interface KindRule {
  kind: ErrorKind;
  codes?: readonly string[];
  pattern?: RegExp;
  /** The pattern as the README shows it. */
  says?: string;
  /** Why, for the README. */
  why: string;
}

/**
 * EC2's error codes → the runtime's kinds: the codes AWS documents for EC2 (`errors-overview`) and
 * the ones OpenStack ec2-api raises (`ec2api/exception.py`). A code no row names takes the kind of
 * the HTTP status when that says more than EC2's blanket 400 or 500 (a 401, 403, 404, 409 or 429
 * with an unknown code); otherwise the error is a plain `Ec2Error`.
 */
export const KIND_TABLE: readonly KindRule[] = [
  {
    kind: 'auth',
    codes: [
      'AuthFailure',
      'SignatureDoesNotMatch',
      'InvalidClientTokenId',
      'MissingAuthenticationToken',
      'IncompleteSignature',
      'ExpiredToken',
      'RequestExpired',
    ],
    why: 'the credentials, signature or its time were refused (Keystone answers `AuthFailure`)',
  },
  {
    kind: 'permission',
    codes: ['UnauthorizedOperation', 'OptInRequired', 'Blocked'],
    why: 'good credentials, not allowed to do this',
  },
  {
    kind: 'rateLimit',
    codes: [
      'RequestLimitExceeded',
      'Throttling',
      'ThrottlingException',
      'RequestThrottled',
      'RequestThrottledException',
      'TooManyRequestsException',
      'EC2ThrottledException',
    ],
    why: 'throttled: reads are retried (with backoff) when `retry` allows',
  },
  {
    kind: 'notFound',
    pattern: /\.NotFound$/,
    says: '`*.NotFound`',
    why: '`InvalidInstanceID.NotFound`, `InvalidKeyPair.NotFound`, `InvalidGroup.NotFound`…',
  },
  {
    kind: 'conflict',
    pattern: /\.Duplicate$|InUse$|^Incorrect\w*State$|\.AlreadyAssociated$/,
    says: '`*.Duplicate`, `*InUse`, `Incorrect*State`, `*.AlreadyAssociated`',
    why: 'already exists, in use, or the wrong state (`InvalidKeyPair.Duplicate`, `VolumeInUse`, `IncorrectInstanceState`)',
  },
  {
    kind: 'conflict',
    codes: ['DependencyViolation', 'InvalidState', 'IdempotentParameterMismatch', 'ConcurrentTagAccess'],
    why: 'something depends on it, or a `ClientToken` reused with other parameters',
  },
  {
    kind: 'badRequest',
    codes: [
      'InvalidParameterValue',
      'InvalidParameter',
      'InvalidParameterCombination',
      'MissingParameter',
      'UnknownParameter',
      'InvalidAction',
      'InvalidQueryParameter',
      'MalformedQueryString',
      'InvalidRequest',
      'InvalidFilter',
      'InvalidID',
      'InvalidInput',
      'ValidationError',
      'Unsupported',
      'UnsupportedOperation',
    ],
    why: 'the request itself is wrong',
  },
  {
    kind: 'badRequest',
    pattern: /\.Malformed$/,
    says: '`*.Malformed`',
    why: 'an id or name that cannot be one (`InvalidInstanceID.Malformed`)',
  },
];

/** The kind of an EC2 error code (with the HTTP status it came with): the first row that matches. */
export function errorKind(code: string | undefined, status?: number): ErrorKind {
  if (code !== undefined) {
    for (const rule of KIND_TABLE) {
      if (rule.codes?.includes(code) || rule.pattern?.test(code)) return rule.kind;
    }
  }
  // EC2 answers 400 (or 500) for every error: only another status says something of its own.
  return status === 400 || status === 500 ? 'api' : kindForStatus(status);
}

/** {@link KIND_TABLE} as the README's Markdown table (a test keeps the README equal to it). */
export function kindTableMarkdown(): string {
  return [
    '| code | kind | why |',
    '| --- | --- | --- |',
    ...KIND_TABLE.map(
      (rule) =>
        `| ${rule.codes?.map((code) => `\`${code}\``).join(', ') ?? rule.says ?? ''} | ` +
        `\`${ERROR_KIND_CLASSES[rule.kind].name}\` | ${rule.why} |`,
    ),
  ].join('\n');
}

/** Where a failed answer came from, for the error's fields. */
export interface AnswerContext {
  operation: string;
  status?: number | undefined;
  body?: string | undefined;
  /** The HTTP method of the request. */
  method?: string | undefined;
  /** The request's URL, redacted (the runtime's `response.target`). */
  url?: string | undefined;
  requestId?: string | undefined;
}

/** An EC2 error answer (`<Response><Errors><Error>…`) as the `Ec2Error` of its kind. */
export function errorFromAnswer(
  context: AnswerContext,
  answer: { code: string; message: string; errors: Ec2ErrorEntry[] },
): Ec2Error {
  const ErrorClass = EC2_ERRORS[errorKind(answer.code, context.status)];
  // As botocore words a ClientError, which a boto3 user knows.
  const message = `An error occurred (${answer.code}) when calling the ${context.operation} operation: ${answer.message || 'no message'}`;
  return new ErrorClass(message, {
    ...answerOptions(context),
    code: answer.code,
    serverMessage: answer.message,
    errors: answer.errors,
  }) as Ec2Error;
}

/**
 * An answer that is not an EC2 answer (an HTML error page, a proxy's text, a redirect). Its HTTP
 * status still tells the kind when it has one (a proxy's 401, 403 or 429), except 404, which on the
 * API URL means a wrong endpoint rather than a missing object.
 */
export function unusableAnswer(message: string, context: AnswerContext): Ec2Error {
  const kind = kindForStatus(context.status);
  const ErrorClass = EC2_ERRORS[kind === 'notFound' ? 'api' : kind];
  return new ErrorClass(message, answerOptions(context)) as Ec2Error;
}

function answerOptions(context: AnswerContext): Ec2ErrorOptions {
  return {
    operation: context.operation,
    ...(context.status === undefined ? {} : { status: context.status }),
    ...(context.body === undefined ? {} : { body: context.body }),
    ...(context.method === undefined ? {} : { method: context.method }),
    ...(context.url === undefined ? {} : { url: context.url }),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
  };
}
