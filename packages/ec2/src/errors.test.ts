import { readFileSync } from 'node:fs';
import { ApiError, AuthError, ConflictError, NotFoundError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import {
  EC2_ERRORS,
  Ec2Error,
  Ec2WaiterError,
  errorFromAnswer,
  errorKind,
  kindTableMarkdown,
  unusableAnswer,
} from './errors.js';

describe('the kind table', () => {
  it.each([
    ['AuthFailure', 'auth'],
    ['SignatureDoesNotMatch', 'auth'],
    ['InvalidClientTokenId', 'auth'],
    ['MissingAuthenticationToken', 'auth'],
    ['UnauthorizedOperation', 'permission'],
    ['InvalidInstanceID.NotFound', 'notFound'],
    ['InvalidAMIID.NotFound', 'notFound'],
    ['InvalidPermission.NotFound', 'notFound'],
    ['InvalidGroup.Duplicate', 'conflict'],
    ['InvalidPermission.Duplicate', 'conflict'],
    ['IncorrectState', 'conflict'],
    ['IncorrectInstanceState', 'conflict'],
    ['InvalidGroup.InUse', 'conflict'],
    ['InvalidIPAddress.InUse', 'conflict'],
    ['VolumeInUse', 'conflict'],
    ['Resource.AlreadyAssociated', 'conflict'],
    ['DependencyViolation', 'conflict'],
    ['RequestLimitExceeded', 'rateLimit'],
    ['Throttling', 'rateLimit'],
    ['InvalidParameterValue', 'badRequest'],
    ['MissingParameter', 'badRequest'],
    ['InvalidAction', 'badRequest'],
    ['InvalidParameterCombination', 'badRequest'],
    ['InvalidAMIID.Malformed', 'badRequest'],
    ['InsufficientInstanceCapacity', 'api'],
    ['InternalError', 'api'],
  ])('%s → %s', (code, kind) => {
    expect(errorKind(code, 400)).toBe(kind);
  });

  it('falls back to the status only when it says more than 400 or 500', () => {
    expect(errorKind('Gremlins', 400)).toBe('api');
    expect(errorKind('Gremlins', 500)).toBe('api');
    expect(errorKind('Gremlins', 401)).toBe('auth');
    expect(errorKind('Gremlins', 403)).toBe('permission');
    expect(errorKind('Gremlins', 429)).toBe('rateLimit');
    expect(errorKind(undefined, 404)).toBe('notFound');
  });

  it('is documented in the README, as it is', () => {
    // Cells trimmed and rules shortened: the formatter pads Markdown tables.
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
    const table = readme.slice(readme.indexOf('| code '), readme.indexOf('A code the table does not name'));
    expect(rows(table)).toEqual(rows(kindTableMarkdown()));
  });
});

describe('the Ec2Error family', () => {
  it('makes every kind an Ec2Error, and keeps the code, message, request id and body', () => {
    const error = errorFromAnswer(
      { operation: 'DescribeInstances', status: 400, body: '<Response/>', method: 'POST', url: 'http://x/' },
      {
        code: 'InvalidInstanceID.NotFound',
        message: "The instance ID 'i-1' does not exist",
        errors: [{ code: 'InvalidInstanceID.NotFound', message: "The instance ID 'i-1' does not exist" }],
      },
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(Ec2Error);
    expect(error.name).toBe('Ec2NotFoundError');
    expect(error).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      serverMessage: "The instance ID 'i-1' does not exist",
      status: 400,
      body: '<Response/>',
      operation: 'DescribeInstances',
    });
    for (const Class of Object.values(EC2_ERRORS)) expect(new Class('x')).toBeInstanceOf(Ec2Error);
    expect(new Ec2WaiterError('w')).toBeInstanceOf(ConflictError);
    expect(new Ec2WaiterError('w')).toBeInstanceOf(Ec2Error);
    expect(new ApiError('plain')).not.toBeInstanceOf(Ec2Error);
  });

  it('gives an unusable answer the kind of its status, but a 404 page means a wrong endpoint', () => {
    expect(unusableAnswer('m', { operation: 'X', status: 401 })).toBeInstanceOf(AuthError);
    const notFound = unusableAnswer('m', { operation: 'X', status: 404 });
    expect(notFound).not.toBeInstanceOf(NotFoundError);
    expect(notFound).toBeInstanceOf(Ec2Error);
  });
});
