/**
 * The auth types (`auth_type`) openstacksdk accepts and the options each takes, as keystoneauth1
 * 5.0 (Debian's python3-keystoneauth1, under openstacksdk 0.101) declares them: the option's name
 * (`auth-url`), the key it is stored under in `auth` (`auth_url`; `openid-scope` goes to `scope`),
 * its deprecated names (`tenant-name` for `project-name` in `password`/`token`, `user-name` for
 * `username`), whether it is secret and whether it is required.
 *
 * `token_endpoint` is an alias of `admin_token`, and an `auth_type` of `None`, `'None'` or `''`
 * means `none` (openstacksdk's `_get_auth_loader`).
 */

export interface AuthOption {
  /** keystoneauth's option name (`auth-url`). */
  name: string;
  /** The key in `auth` (`auth_url`). */
  dest: string;
  /** Deprecated names, as keys (`tenant_name`). */
  deprecated: string[];
  secret: boolean;
  required: boolean;
}

/** `name>dest|deprecated|deprecated*!`: `*` secret, `!` required. */
function parse(spec: string): AuthOption {
  const match = /^([a-z_-]+)(?:>([a-z_]+))?((?:\|[a-z_-]+)*)([*!]*)$/.exec(spec);
  if (match === null) throw new Error(`bad auth option spec ${spec}`);
  const [, name = '', dest, deprecated = '', flags = ''] = match;
  return {
    name,
    dest: dest ?? name.replace(/-/g, '_'),
    deprecated: deprecated
      .split('|')
      .filter((item) => item !== '')
      .map((item) => item.replace(/-/g, '_')),
    secret: flags.includes('*'),
    required: flags.includes('!'),
  };
}

const GENERIC = [
  'auth-url!',
  'system-scope',
  'domain-id',
  'domain-name',
  'project-id|tenant-id',
  'project-name|tenant-name',
  'project-domain-id',
  'project-domain-name',
  'trust-id',
  'default-domain-id',
  'default-domain-name',
];
const V3 = [
  'auth-url!',
  'system-scope',
  'domain-id',
  'domain-name',
  'project-id',
  'project-name',
  'project-domain-id',
  'project-domain-name',
  'trust-id',
];
const V3_USER = ['user-id', 'username|user-name', 'user-domain-id', 'user-domain-name'];
const FEDERATION = [...V3, 'identity-provider!', 'protocol!'];
const OIDC = [
  ...FEDERATION,
  'client-id',
  'client-secret*',
  'openid-scope>scope',
  'access-token-endpoint',
  'discovery-endpoint',
  'access-token-type',
];

const SPECS: Record<string, string[]> = {
  admin_token: ['endpoint|url', 'token*'],
  http_basic: ['username|user-name', 'password*', 'endpoint'],
  none: ['endpoint'],
  password: [...GENERIC, 'user-id', 'username|user-name', 'user-domain-id', 'user-domain-name', 'password*'],
  token: [...GENERIC, 'token*'],
  v2password: [
    'auth-url!',
    'tenant-id',
    'tenant-name',
    'trust-id',
    'username|user-name',
    'user-id',
    'password*',
  ],
  v2token: ['auth-url!', 'tenant-id', 'tenant-name', 'trust-id', 'token*'],
  v3adfspassword: [
    ...FEDERATION,
    'identity-provider-url!',
    'service-provider-endpoint!',
    'service-provider-entity-id!',
    'username!',
    'password*!',
  ],
  v3applicationcredential: [
    ...V3,
    ...V3_USER,
    'application_credential_secret*!',
    'application_credential_id',
    'application_credential_name',
  ],
  v3multifactor: [...V3, 'auth_methods!'],
  v3oauth1: ['auth-url!', 'consumer-key!', 'consumer-secret!', 'access-key!', 'access-secret!'],
  v3oidcaccesstoken: [...FEDERATION, 'access-token*!'],
  v3oidcauthcode: [...OIDC, 'redirect-uri', 'code|authorization-code*!'],
  v3oidcclientcredentials: OIDC,
  v3oidcpassword: [...OIDC, 'username!', 'password*!'],
  v3password: [...V3, ...V3_USER, 'password*'],
  v3samlpassword: [...FEDERATION, 'identity-provider-url!', 'username!', 'password*!'],
  v3token: [...V3, 'token*'],
  v3tokenlessauth: [
    'auth-url!',
    'domain-id',
    'domain-name',
    'project-id',
    'project-name',
    'project-domain-id',
    'project-domain-name',
  ],
  v3totp: [...V3, ...V3_USER, 'passcode*'],
};

/** Every auth type and its options, in keystoneauth's order. */
export const AUTH_PLUGINS: Readonly<Record<string, readonly AuthOption[]>> = Object.fromEntries(
  Object.entries(SPECS).map(([name, specs]) => [name, specs.map(parse)]),
);

/** The auth type a configured `auth_type` names (`token_endpoint` → `admin_token`, none → `none`). */
export function canonicalAuthType(authType: unknown): string {
  if (authType === null || authType === undefined || authType === 'None' || authType === '') return 'none';
  if (authType === 'token_endpoint') return 'admin_token';
  return String(authType);
}

/** Every key, in any plugin, that holds a secret (`password`, `token`, `application_credential_secret`…). */
export const SECRET_AUTH_KEYS: ReadonlySet<string> = new Set(
  Object.values(AUTH_PLUGINS).flatMap((options) =>
    options.filter((option) => option.secret).flatMap((option) => [option.dest, ...option.deprecated]),
  ),
);

type Auth = Readonly<Record<string, unknown>>;

function given(auth: Auth, key: string): boolean {
  const value = auth[key];
  return value !== undefined && value !== null && value !== '' && value !== false;
}

/**
 * What keystoneauth's `load_from_options` refuses for these options, as a sentence, or undefined:
 * a required option missing, an option the plugin does not take, or a plugin's own rule (a v3
 * username needs a user domain; an application credential needs an id or a name).
 */
export function authOptionsProblem(authType: string, auth: Auth): string | undefined {
  const options = AUTH_PLUGINS[authType];
  if (options === undefined) return `unknown auth_type ${authType}`;
  if (['v3password', 'v3totp', 'v3applicationcredential'].includes(authType)) {
    if (given(auth, 'username') && !given(auth, 'user_domain_name') && !given(auth, 'user_domain_id')) {
      return (
        'a username is only unique within a domain in the v3 identity API: ' +
        'give auth.user_domain_name or auth.user_domain_id too'
      );
    }
  }
  if (authType === 'v3applicationcredential') {
    if (!given(auth, 'application_credential_id') && !given(auth, 'application_credential_name')) {
      return 'an application credential needs auth.application_credential_id, or auth.application_credential_name and a user';
    }
    if (!given(auth, 'application_credential_secret')) return 'auth.application_credential_secret is missing';
  }
  if (['v3oidcauthcode', 'v3oidcclientcredentials', 'v3oidcpassword'].includes(authType)) {
    if (!given(auth, 'access_token_endpoint') && !given(auth, 'discovery_endpoint')) {
      return 'give auth.access_token_endpoint or auth.discovery_endpoint';
    }
  }
  if (authType === 'v3tokenlessauth') {
    const scoped = ['domain_id', 'domain_name', 'project_id', 'project_name'].some((key) => given(auth, key));
    const projectWithoutDomain =
      given(auth, 'project_name') && !given(auth, 'project_domain_name') && !given(auth, 'project_domain_id');
    if (!scoped || projectWithoutDomain) {
      return 'give auth.domain_name, domain_id, project_id, or project_name with project_domain_name or project_domain_id';
    }
  }
  const missing = options.filter(
    (option) => option.required && (auth[option.dest] === undefined || auth[option.dest] === null),
  );
  if (missing.length > 0) {
    return `auth_type ${authType} needs ${missing.map((option) => `auth.${option.dest}`).join(', ')}`;
  }
  const known = new Set(options.map((option) => option.dest));
  const unknown = Object.keys(auth).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    return (
      `auth_type ${authType} takes no ${unknown.map((key) => `auth.${key}`).join(', ')} ` +
      `(it takes ${[...known].join(', ')})`
    );
  }
  return undefined;
}

const SECRET_NAME = /(?:^|_)(?:password|secret|token|passphrase|passcode|private_key)$/i;

/** Whether a setting's name says it holds a secret (any plugin's secret option, `*_password`, `*_token`…). */
export function isSecretKey(key: string): boolean {
  const normalized = key.replace(/-/g, '_');
  return SECRET_AUTH_KEYS.has(normalized) || SECRET_NAME.test(normalized);
}
