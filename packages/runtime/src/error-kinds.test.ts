import { describe, expect, it } from 'vitest';
import { defineErrorFamily, ERROR_KIND_CLASSES, kindForStatus } from './error-kinds.js';
import {
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  OvercastError,
  PermissionError,
  RateLimitError,
} from './errors.js';

interface DemoFields {
  command: string;
  errortext?: string;
}

describe('kindForStatus', () => {
  it.each([
    [400, 'badRequest'],
    [401, 'auth'],
    [403, 'permission'],
    [404, 'notFound'],
    [409, 'conflict'],
    [429, 'rateLimit'],
    [500, 'api'],
    [undefined, 'api'],
  ] as const)('maps %s to %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });

  it('has a class for every kind, each a server answer (ApiError)', () => {
    for (const Kind of Object.values(ERROR_KIND_CLASSES)) {
      expect(new Kind('x')).toBeInstanceOf(ApiError);
    }
  });
});

describe('defineErrorFamily', () => {
  const family = defineErrorFamily<DemoFields>('demo-test', { fields: ['command', 'errortext'] });
  const DemoError = family.base('DemoError');
  const DemoNotFound = family.member(NotFoundError, 'DemoNotFoundError');

  it('makes members that are both their kind and the family base', () => {
    const error = new DemoNotFound('no such vm', { command: 'listVms', status: 404 });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(OvercastError);
    expect(error).toBeInstanceOf(DemoError);
    expect(error).toBeInstanceOf(DemoNotFound);
    expect(error.name).toBe('DemoNotFoundError');
    expect(error.command).toBe('listVms');
    expect(error.status).toBe(404);
  });

  it('keeps other families and plain runtime errors out', () => {
    const Other = defineErrorFamily('other-test').base('OtherError');
    expect(new NotFoundError('plain')).not.toBeInstanceOf(DemoError);
    expect(new Other('x')).not.toBeInstanceOf(DemoError);
    expect(new DemoError('x', { command: 'c' })).not.toBeInstanceOf(Other);
    expect(new DemoError('x', { command: 'c' })).not.toBeInstanceOf(NotFoundError);
  });

  it('makes one class per kind with kinds()', () => {
    const classes = family.kinds('Demo', DemoError);
    const expected = {
      auth: AuthError,
      permission: PermissionError,
      notFound: NotFoundError,
      conflict: ConflictError,
      rateLimit: RateLimitError,
      badRequest: BadRequestError,
      api: ApiError,
    };
    for (const [kind, Kind] of Object.entries(expected)) {
      const error = new classes[kind as keyof typeof expected]('x', { command: 'c' });
      expect(error).toBeInstanceOf(Kind);
      expect(error).toBeInstanceOf(DemoError);
    }
    expect(classes.conflict.name).toBe('DemoConflictError');
  });

  it('makes a child family whose members belong to the parent too', () => {
    const parent = defineErrorFamily('parent-test');
    const Parent = parent.base('ParentError');
    const child = defineErrorFamily('child-test', { parent });
    const Child = child.base('ChildError');
    const ChildAuth = child.member(AuthError, 'ChildAuthError');
    expect(new ChildAuth('x')).toBeInstanceOf(Child);
    expect(new ChildAuth('x')).toBeInstanceOf(Parent);
    expect(new Parent('x')).not.toBeInstanceOf(Child);
  });

  it("lets a user's subclass of the base keep the ordinary check", () => {
    class Mine extends DemoError {}
    expect(new Mine('x', { command: 'c' })).toBeInstanceOf(Mine);
    expect(new DemoNotFound('x', { command: 'c' })).not.toBeInstanceOf(Mine);
  });
});

describe('family fields', () => {
  it('redacts registered secrets inside object fields, at any depth', async () => {
    const { registerSecret } = await import('./secrets.js');
    const forget = registerSecret('nested-secret-value-91');
    const family = defineErrorFamily<{ fault: { detail: string; more: string[] } }>('nested-test', {
      fields: ['fault'],
    });
    const Base = family.base('NestedError');
    const error = new Base('x', {
      fault: { detail: 'has nested-secret-value-91', more: ['nested-secret-value-91'] },
    });
    forget();
    expect(JSON.stringify(error.fault)).not.toContain('nested-secret-value-91');
    expect(error.fault.detail).toBe('has [REDACTED]');
  });
});
