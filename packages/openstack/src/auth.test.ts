/** Keystone v3 token requests as keystoneauth builds them, and the reading of the answer. */
import { DecodeError, ParameterError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { parseUrl, readAccess, resolveAuthType, tokenRequestBody, tokensUrl } from './auth.js';

const user = { username: 'demo', password: 'pw-1', userDomainName: 'Default' };

describe('the token request', () => {
  it('password: user by name and domain, or by id', () => {
    expect(
      tokenRequestBody('password', { ...user, projectName: 'demo', projectDomainName: 'Default' }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'pw-1' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
    expect(tokenRequestBody('password', { userId: 'u1', password: 'pw-1', projectId: 'p1' })).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw-1' } } },
        scope: { project: { id: 'p1' } },
      },
    });
  });

  it('takes the default domain for a user or project named without one', () => {
    const body = tokenRequestBody('password', {
      username: 'demo',
      password: 'x',
      projectName: 'p',
      defaultDomainId: 'default',
    }) as { auth: { identity: { password: { user: unknown } }; scope: unknown } };
    expect(body.auth.identity.password.user).toEqual({
      name: 'demo',
      domain: { id: 'default' },
      password: 'x',
    });
    expect(body.auth.scope).toEqual({ project: { name: 'p', domain: { id: 'default' } } });
  });

  it.each([
    ['domain', { domainName: 'Default' }, { domain: { name: 'Default' } }],
    ['domain by id', { domainId: 'default' }, { domain: { id: 'default' } }],
    ['system', { systemScope: 'all' }, { system: { all: true } }],
    ['trust', { trustId: 't1' }, { 'OS-TRUST:trust': { id: 't1' } }],
    ['explicitly unscoped', { unscoped: true }, 'unscoped'],
  ])('scope: %s', (_name, scope, expected) => {
    const body = tokenRequestBody('password', { ...user, ...scope }) as { auth: { scope: unknown } };
    expect(body.auth.scope).toEqual(expected);
  });

  it('sends no scope when none is given (Keystone then uses the default project)', () => {
    expect(tokenRequestBody('password', user)).not.toHaveProperty('auth.scope');
  });

  it('refuses two scopes at once, and a system scope other than all', () => {
    expect(() => tokenRequestBody('password', { ...user, projectId: 'p', domainId: 'd' })).toThrow(
      /more than one scope \(project, domain\)/,
    );
    expect(() => tokenRequestBody('password', { ...user, systemScope: 'some' })).toThrow(ParameterError);
  });

  it('token: the existing token exchanged for a scoped one', () => {
    expect(tokenRequestBody('token', { token: 'tok-1', projectId: 'p1' })).toEqual({
      auth: { identity: { methods: ['token'], token: { id: 'tok-1' } }, scope: { project: { id: 'p1' } } },
    });
  });

  it('application credential: by id, or by name with its user; never a scope', () => {
    expect(
      tokenRequestBody('v3applicationcredential', {
        applicationCredentialId: 'ac1',
        applicationCredentialSecret: 's3',
        projectName: 'ignored',
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: 'ac1', secret: 's3' },
        },
      },
    });
    expect(
      tokenRequestBody('v3applicationcredential', {
        applicationCredentialName: 'mine',
        applicationCredentialSecret: 's3',
        username: 'demo',
        userDomainName: 'Default',
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: {
            name: 'mine',
            user: { name: 'demo', domain: { name: 'Default' } },
            secret: 's3',
          },
        },
      },
    });
    expect(() => tokenRequestBody('v3applicationcredential', { applicationCredentialId: 'ac1' })).toThrow(
      /applicationCredentialSecret/,
    );
    expect(() =>
      tokenRequestBody('v3applicationcredential', {
        applicationCredentialName: 'x',
        applicationCredentialSecret: 's',
      }),
    ).toThrow(/its user/);
  });

  it('names what a method is missing', () => {
    expect(() => tokenRequestBody('password', { password: 'x' })).toThrow(/username or auth.userId/);
    expect(() => tokenRequestBody('password', { username: 'x' })).toThrow(/auth.password/);
    expect(() => tokenRequestBody('token', {})).toThrow(/auth.token/);
  });
});

describe('auth types and URLs', () => {
  it('maps openstacksdk auth types and infers one from the options', () => {
    expect(resolveAuthType('v3password', {})).toBe('password');
    expect(resolveAuthType('v3token', {})).toBe('token');
    expect(resolveAuthType('token_endpoint', {})).toBe('admin_token');
    expect(resolveAuthType(undefined, { applicationCredentialSecret: 's' })).toBe('v3applicationcredential');
    expect(resolveAuthType(undefined, { authUrl: 'http://k', token: 't' })).toBe('token');
    expect(resolveAuthType(undefined, { token: 't' })).toBe('admin_token');
    expect(resolveAuthType(undefined, { endpoint: 'http://x' })).toBe('none');
    expect(() => resolveAuthType('v3oidcpassword', {})).toThrow(/not supported/);
  });

  it('appends /v3/auth/tokens to a root and /auth/tokens to a v3 URL', () => {
    expect(tokensUrl('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000/v3/auth/tokens');
    expect(tokensUrl('http://127.0.0.1:5000/v3')).toBe('http://127.0.0.1:5000/v3/auth/tokens');
    expect(tokensUrl('http://127.0.0.1/identity/v3/')).toBe('http://127.0.0.1/identity/v3/auth/tokens');
    expect(tokensUrl('https://cloud/identity')).toBe('https://cloud/identity/v3/auth/tokens');
    expect(() => tokensUrl('http://cloud:5000/v2.0')).toThrow(/v2.0 API/);
  });

  it('refuses user info in a URL without printing it', () => {
    let error: unknown;
    try {
      parseUrl('http://alice:hunter2-secret@cloud:5000/v3', 'auth.authUrl');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParameterError);
    expect(String(error)).toMatch(/user info/);
    expect(String(error)).not.toContain('hunter2-secret');
    expect(() => parseUrl('ftp://cloud', 'auth.authUrl')).toThrow(/http or https/);
    expect(() => parseUrl('not a url', 'auth.authUrl')).toThrow(/not an absolute URL/);
  });
});

describe('the token answer', () => {
  it('reads expiry, scope, roles and catalog', () => {
    const access = readAccess(
      {
        token: {
          methods: ['password'],
          expires_at: '2030-01-01T10:00:00.000000Z',
          issued_at: '2030-01-01T09:00:00.000000Z',
          user: { id: 'u1', name: 'admin', domain: { id: 'default', name: 'Default' } },
          project: { id: 'p1', name: 'admin', domain: { id: 'default', name: 'Default' } },
          roles: [{ id: 'r1', name: 'admin' }],
          catalog: [{ type: 'compute', endpoints: [{ interface: 'public', url: 'http://c' }] }],
        },
      },
      'POST x',
    );
    expect(access.expiresAt?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(access.issuedAt?.toISOString()).toBe('2030-01-01T09:00:00.000Z');
    expect(access.project).toEqual({ id: 'p1', name: 'admin', domain: { id: 'default', name: 'Default' } });
    expect(access.roles).toEqual([{ id: 'r1', name: 'admin' }]);
    expect(access.catalog).toHaveLength(1);
  });

  it('reads a zone-less expiry as UTC, and refuses an answer without a token', () => {
    expect(readAccess({ token: { expires_at: '2030-01-01T10:00:00' } }, 'x').expiresAt?.toISOString()).toBe(
      '2030-01-01T10:00:00.000Z',
    );
    expect(() => readAccess({ nothing: 1 }, 'POST x')).toThrow(DecodeError);
  });
});
