import { readFileSync } from 'node:fs';
import {
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  type ErrorKind,
  HttpResponse,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from '@overcast/runtime';
import { describe, expect, it } from 'vitest';
import {
  apiErrorFrom,
  CloudStackApiError,
  CloudStackError,
  errorKind,
  integer,
  kindTableMarkdown,
} from './errors.js';
import { decodeResponse } from './response.js';

/** Texts as the server (and the simulator, which copies them) writes them. */
const CASES: [errorcode: number, errortext: string, kind: ErrorKind, cserrorcode?: number][] = [
  [401, 'unable to verify user credentials and/or request signature', 'auth'],
  [411, 'Two factor authentication is required', 'auth'],
  [530, 'Failed to authenticate user', 'auth', 4290],
  [429, 'The given command:listZones has reached its API limit', 'rateLimit'],
  [530, 'too many requests', 'rateLimit', 4545],
  [531, "Account 'user' does not have permission to operate within domain id=1", 'permission', 4365],
  [530, 'Caller cannot access the VM', 'permission', 4365],
  [431, 'Account does not have permission to use this offering', 'permission'],
  [
    431,
    'Unable to execute API command startvirtualmachine due to invalid value. Invalid parameter id value=00000000-0000-0000-0000-000000000000 due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.',
    'notFound',
  ],
  [431, 'Unable to find security group by name web', 'notFound'],
  [431, 'Unable to find volume with id 42', 'notFound'],
  [431, 'Unable to find resource by id x and type UserVm', 'notFound'],
  [530, 'Unable to find VM by id 7', 'notFound', 4350],
  [431, 'Unable to execute API command deletenetwork due to missing parameter id', 'badRequest'],
  [431, 'Invalid resource type constructor', 'badRequest'],
  [431, "Page size can't exceed max allowed page size value: 500", 'badRequest'],
  [431, "The network default group can't be removed", 'badRequest'],
  [530, 'Invalid value for something', 'badRequest', 4350],
  [431, 'Volume data-1 is already attached to a VM', 'conflict'],
  [431, 'VM i-2-3-VM is in Running state, stop it first', 'conflict'],
  [530, 'Network is in use by 3 VMs', 'conflict'],
  [530, 'Failed to stop VM: the VM is not in a state that can be stopped', 'conflict'],
  [536, "Cannot delete group when it's in use by virtual machines", 'conflict'],
  [537, 'The range of ports overlaps an existing rule', 'conflict'],
  [530, 'Unable to lock the network', 'conflict', 4300],
  [432, 'The given command does not exist or it is not available for user', 'badRequest'],
  [405, 'Method not allowed', 'badRequest'],
  [530, 'Internal error executing command, please contact your system administrator', 'api'],
  [530, 'Unable to start VM instance', 'api', 4250],
  [532, 'Maximum number of resources of type user_vm for account has exceeded', 'api'],
  [533, 'Unable to create a deployment for VM[User|i-2-3-VM]', 'api'],
  [534, 'Resource [Host:1] is unreachable', 'api'],
  [535, 'Unable to allocate the IP', 'api'],
  [403, 'Forbidden', 'permission'],
  [404, 'Not Found', 'notFound'],
  [500, 'oops', 'api'],
];

describe('the kind table', () => {
  it.each(CASES)('%i %s → %s', (errorcode, errortext, kind, cserrorcode) => {
    expect(errorKind({ errorcode, errortext, cserrorcode })).toBe(kind);
  });

  it('is documented in the README as it is in errors.ts', () => {
    // Cells compared trimmed: a formatter may pad the README's columns.
    const rows = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|'),
        );
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const errors = readme.slice(readme.indexOf('| errorcode'), readme.indexOf('## The `cs` command line'));
    expect(rows(errors)).toEqual(rows(kindTableMarkdown()));
  });

  it('uses the HTTP status when the answer has no errorcode', () => {
    expect(errorKind({ status: 401 })).toBe('auth');
    expect(errorKind({ status: 431, errortext: 'Unable to find zone' })).toBe('notFound');
    expect(errorKind({})).toBe('api');
  });
});

describe('server-reported errors', () => {
  const KINDS: Record<ErrorKind, typeof ApiError> = {
    auth: AuthError,
    permission: PermissionError,
    notFound: NotFoundError,
    conflict: ConflictError,
    rateLimit: RateLimitError,
    badRequest: BadRequestError,
    api: ApiError,
  };

  it.each(CASES)(
    '%i %s is the runtime kind and both CloudStack classes',
    (errorcode, errortext, kind, cserrorcode) => {
      const error = apiErrorFrom('someCommand', { errorcode, cserrorcode, errortext }, { status: errorcode });
      expect(error).toBeInstanceOf(KINDS[kind]);
      expect(error).toBeInstanceOf(CloudStackApiError);
      expect(error).toBeInstanceOf(CloudStackError);
      expect(error).toBeInstanceOf(ApiError);
      for (const [other, Kind] of Object.entries(KINDS)) {
        if (other !== kind && other !== 'api') expect(error).not.toBeInstanceOf(Kind);
      }
      expect(error).toMatchObject({
        command: 'someCommand',
        errorcode,
        cserrorcode,
        errortext,
        code: errorcode,
        serverMessage: errortext,
        status: errorcode,
        requestId: undefined,
      });
    },
  );

  it('reads codes sent as numeric strings', () => {
    const error = apiErrorFrom(
      'x',
      { errorcode: '431', cserrorcode: '4350', errortext: 'Unable to find it' },
      {},
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ errorcode: 431, cserrorcode: 4350, code: 431 });
    expect(integer(' 2 ')).toBe(2);
    expect(integer('1.5')).toBeUndefined();
    expect(integer('')).toBeUndefined();
    expect(integer(null)).toBeUndefined();
  });

  it('names the job, and a text job result is the error text', () => {
    const error = apiErrorFrom('deployVirtualMachine', 'Unable to deploy', { jobid: 'j1' });
    expect(error.message).toBe('deployVirtualMachine (job j1) failed: Unable to deploy');
    expect(error).toMatchObject({ errortext: 'Unable to deploy', jobid: 'j1' });
  });

  it('an unusable answer is a CloudStackError, not a CloudStackApiError, of the kind its status tells', () => {
    const decode = (status: number, body: string, headers: Record<string, string> = {}) => {
      try {
        return decodeResponse(
          'listZones',
          new HttpResponse(status, headers, Buffer.from(body), 'GET http://h/client/api?command=listZones'),
        );
      } catch (error) {
        return error;
      }
    };
    const limited = decode(429, '<html>Too many requests</html>', { 'content-type': 'text/html' });
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toBeInstanceOf(CloudStackError);
    expect(limited).not.toBeInstanceOf(CloudStackApiError);
    expect(limited).toMatchObject({
      status: 429,
      method: 'GET',
      url: 'http://h/client/api?command=listZones',
    });
    // A 404 on the API URL is a wrong endpoint, not a missing object.
    const missing = decode(404, 'Not Found');
    expect(missing).toBeInstanceOf(CloudStackError);
    expect(missing).not.toBeInstanceOf(NotFoundError);
    expect(String(missing)).toContain('is the endpoint a CloudStack API URL?');
    expect(decode(200, '{"a":{},"b":{}}')).toBeInstanceOf(CloudStackError);
  });
});
