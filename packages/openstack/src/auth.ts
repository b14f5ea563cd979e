/**
 * Keystone v3 authentication as keystoneauth builds it: the auth types, the body of
 * `POST /v3/auth/tokens` for the password, token and application-credential methods with a
 * project, domain, system, trust or no scope (or explicitly unscoped), and the reading of the
 * answer (the token from `X-Subject-Token`, `expires_at`, the catalog).
 */
import { DecodeError, ParameterError } from '@overcast/runtime/errors';
import type { CatalogEntry } from './catalog.js';

/** The auth options, camelCase as openstacksdk's `auth:` keys (`auth_url` → `authUrl`). */
export interface AuthOptions {
  /** Keystone's URL: its root (`http://keystone:5000`) or its v3 endpoint (`…/v3`). */
  authUrl?: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** Domain scope (or, with a project name, the project's and user's domain). */
  domainName?: string;
  domainId?: string;
  /** System scope: `all`. */
  systemScope?: string;
  trustId?: string;
  /** Ask for an unscoped token explicitly (`"scope": "unscoped"`), as keystoneauth's `unscoped`. */
  unscoped?: boolean;
  /** The domain of a user or project given by name without one (the generic plugins' default). */
  defaultDomainId?: string;
  defaultDomainName?: string;
  /** An existing token: exchanged for a new one (`token`), or used as is (`admin_token`). */
  token?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  /** With `admin_token` or `none`: the endpoint of every service. */
  endpoint?: string;
}

/** The auth types this client speaks (openstacksdk's `auth_type`; aliases mapped to these). */
export type AuthType = 'password' | 'token' | 'v3applicationcredential' | 'admin_token' | 'none';

const AUTH_TYPE_ALIASES: Readonly<Record<string, AuthType>> = {
  password: 'password',
  v3password: 'password',
  token: 'token',
  v3token: 'token',
  v3applicationcredential: 'v3applicationcredential',
  applicationcredential: 'v3applicationcredential',
  admin_token: 'admin_token',
  token_endpoint: 'admin_token',
  none: 'none',
  noauth: 'none',
};

/** The auth type to use: the one given (`v3password` → `password`…), else inferred from the options. */
export function resolveAuthType(given: string | undefined, auth: AuthOptions): AuthType {
  if (given !== undefined && given !== '') {
    const type = AUTH_TYPE_ALIASES[given.replace(/-/g, '_').toLowerCase()];
    if (type === undefined) {
      throw new ParameterError(
        `auth type ${given} is not supported by @overcast/openstack ` +
          `(it speaks password, v3password, token, v3token, v3applicationcredential, admin_token, none)`,
      );
    }
    return type;
  }
  if (auth.applicationCredentialSecret !== undefined) return 'v3applicationcredential';
  if (auth.password !== undefined) return 'password';
  if (auth.token !== undefined) return auth.authUrl === undefined ? 'admin_token' : 'token';
  if (auth.authUrl === undefined && auth.endpoint !== undefined) return 'none';
  return 'password';
}

/** `POST` target of a token request: `<authUrl>/v3/auth/tokens`, or `<authUrl>/auth/tokens` after `/v3`. */
export function tokensUrl(authUrl: string): string {
  const url = parseUrl(authUrl, 'auth.authUrl');
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v2\.0$/.test(path)) {
    throw new ParameterError(
      `auth.authUrl ${url.origin}${path} is Keystone's v2.0 API, which is gone: give its v3 URL or its root`,
    );
  }
  url.pathname = /\/v3$/.test(path) ? `${path}/auth/tokens` : `${path}/v3/auth/tokens`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/** An absolute http(s) URL without user info; a ParameterError naming the option otherwise. */
export function parseUrl(text: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ParameterError(`${option} is not an absolute URL: ${JSON.stringify(text.split('?')[0])}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParameterError(`${option} must be an http or https URL, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ParameterError(
      `${option} holds user info, which OpenStack does not use: pass the credentials in auth ` +
        '(username and password, an application credential or a token) and the URL without them',
    );
  }
  return url;
}

function given(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function domainOf(id: string | undefined, name: string | undefined): Record<string, string> | undefined {
  if (given(id)) return { id };
  if (given(name)) return { name };
  return undefined;
}

/** The `user` object of the password and application-credential methods. */
function userObject(auth: AuthOptions): Record<string, unknown> | undefined {
  if (given(auth.userId)) return { id: auth.userId };
  if (!given(auth.username)) return undefined;
  const domain =
    domainOf(auth.userDomainId, auth.userDomainName) ??
    domainOf(auth.defaultDomainId, auth.defaultDomainName);
  return { name: auth.username, ...(domain === undefined ? {} : { domain }) };
}

/** The `scope` of the request, or undefined for none (Keystone then uses the user's default project). */
function scopeOf(auth: AuthOptions): unknown {
  const scopes: [string, unknown][] = [];
  if (given(auth.projectId)) scopes.push(['project', { project: { id: auth.projectId } }]);
  else if (given(auth.projectName)) {
    const domain =
      domainOf(auth.projectDomainId, auth.projectDomainName) ??
      domainOf(auth.defaultDomainId, auth.defaultDomainName);
    scopes.push([
      'project',
      { project: { name: auth.projectName, ...(domain === undefined ? {} : { domain }) } },
    ]);
  }
  if (given(auth.domainId) || given(auth.domainName)) {
    scopes.push(['domain', { domain: domainOf(auth.domainId, auth.domainName) }]);
  }
  if (given(auth.trustId)) scopes.push(['trust', { 'OS-TRUST:trust': { id: auth.trustId } }]);
  if (given(auth.systemScope)) {
    if (auth.systemScope !== 'all') {
      throw new ParameterError(`auth.systemScope must be 'all', not ${JSON.stringify(auth.systemScope)}`);
    }
    scopes.push(['system', { system: { all: true } }]);
  }
  if (auth.unscoped === true) scopes.push(['unscoped', 'unscoped']);
  if (scopes.length > 1) {
    throw new ParameterError(
      `auth asks for more than one scope (${scopes.map(([name]) => name).join(', ')}): give only one`,
    );
  }
  return scopes[0]?.[1];
}

/** The JSON body of `POST /v3/auth/tokens` for `type`. */
export function tokenRequestBody(type: AuthType, auth: AuthOptions): Record<string, unknown> {
  let identity: Record<string, unknown>;
  let scoped = true;
  switch (type) {
    case 'password': {
      const user = userObject(auth);
      if (user === undefined)
        throw new ParameterError('password authentication needs auth.username or auth.userId');
      if (auth.password === undefined)
        throw new ParameterError('password authentication needs auth.password');
      identity = { methods: ['password'], password: { user: { ...user, password: auth.password } } };
      break;
    }
    case 'token':
      if (!given(auth.token)) throw new ParameterError('token authentication needs auth.token');
      identity = { methods: ['token'], token: { id: auth.token } };
      break;
    case 'v3applicationcredential': {
      if (!given(auth.applicationCredentialSecret)) {
        throw new ParameterError('an application credential needs auth.applicationCredentialSecret');
      }
      let credential: Record<string, unknown>;
      if (given(auth.applicationCredentialId)) {
        credential = { id: auth.applicationCredentialId };
      } else if (given(auth.applicationCredentialName)) {
        const user = userObject(auth);
        if (user === undefined) {
          throw new ParameterError(
            'an application credential given by name needs its user: auth.userId, or auth.username and auth.userDomainName',
          );
        }
        credential = { name: auth.applicationCredentialName, user };
      } else {
        throw new ParameterError(
          'an application credential needs auth.applicationCredentialId, or auth.applicationCredentialName and its user',
        );
      }
      identity = {
        methods: ['application_credential'],
        application_credential: { ...credential, secret: auth.applicationCredentialSecret },
      };
      // An application credential is bound to its project: keystoneauth sends no scope.
      scoped = false;
      break;
    }
    default:
      throw new ParameterError(`auth type ${type} asks Keystone for no token`);
  }
  const scope = scoped ? scopeOf(auth) : undefined;
  return { auth: { identity, ...(scope === undefined ? {} : { scope }) } };
}

/** A reference to a user, project or domain in a token. */
export interface NamedRef {
  id: string;
  name?: string;
  domain?: { id?: string; name?: string };
}

/** What a token says (keystoneauth's `AccessInfo`), without the token itself. */
export interface AccessInfo {
  /** When the token expires, if Keystone said. */
  expiresAt: Date | undefined;
  issuedAt: Date | undefined;
  methods: string[];
  user: NamedRef | undefined;
  /** The project of a project-scoped token. */
  project: NamedRef | undefined;
  /** The domain of a domain-scoped token. */
  domain: NamedRef | undefined;
  /** The system scope of a system-scoped token (`{ all: true }`). */
  system: Record<string, unknown> | undefined;
  roles: { id: string; name?: string }[];
  catalog: CatalogEntry[];
  /** The token's body as Keystone sent it. */
  raw: Record<string, unknown>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  // Keystone writes `2024-05-13T10:00:00.000000Z`; older ones leave out the zone (UTC).
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? undefined : new Date(time);
}

function ref(value: unknown): NamedRef | undefined {
  const r = record(value);
  if (r === undefined || typeof r['id'] !== 'string') return undefined;
  const domain = record(r['domain']);
  return {
    id: r['id'],
    ...(typeof r['name'] === 'string' ? { name: r['name'] } : {}),
    ...(domain === undefined
      ? {}
      : {
          domain: {
            ...(typeof domain['id'] === 'string' ? { id: domain['id'] } : {}),
            ...(typeof domain['name'] === 'string' ? { name: domain['name'] } : {}),
          },
        }),
  };
}

/**
 * Reads a token answer's body (already parsed JSON).
 *
 * @throws DecodeError when there is no `token` object (keystoneauth's `InvalidResponse`)
 */
export function readAccess(body: unknown, where: string): AccessInfo {
  const token = record(record(body)?.['token']);
  if (token === undefined) throw new DecodeError(`${where}: the answer holds no token object`);
  const catalog = Array.isArray(token['catalog']) ? (token['catalog'] as CatalogEntry[]) : [];
  const roles = Array.isArray(token['roles'])
    ? (token['roles'] as unknown[]).flatMap((role) => {
        const r = record(role);
        return r !== undefined && typeof r['id'] === 'string'
          ? [{ id: r['id'], ...(typeof r['name'] === 'string' ? { name: r['name'] } : {}) }]
          : [];
      })
    : [];
  return {
    expiresAt: date(token['expires_at']),
    // The pinned spec says `issues_at`; Keystone and keystoneauth say `issued_at`.
    issuedAt: date(token['issued_at'] ?? token['issues_at']),
    methods: Array.isArray(token['methods']) ? token['methods'].filter((m) => typeof m === 'string') : [],
    user: ref(token['user']),
    project: ref(token['project']),
    domain: ref(token['domain']),
    system: record(token['system']),
    roles,
    catalog,
    raw: token,
  };
}
