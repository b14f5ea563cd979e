/**
 * Where the client's endpoint, region and credentials come from when the options leave them out,
 * as boto3 (botocore) finds them:
 *
 * - credentials: the options; else, unless a `profile` option is given (which, as botocore's
 *   `profile_name`, sets the environment's keys aside), `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/
 *   `AWS_SESSION_TOKEN`; else the profile's `aws_access_key_id`/`aws_secret_access_key`/
 *   `aws_session_token` in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
 *   `~/.aws/credentials`, section `[name]`), then in the config file (`AWS_CONFIG_FILE`, default
 *   `~/.aws/config`, section `[profile name]`, or `[default]`);
 * - the profile: the `profile` option, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE` (botocore's
 *   order), else `default`; one named and found in neither file is an error, as botocore's
 *   `ProfileNotFound`;
 * - the region: the option, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's
 *   `region` in the config file (botocore reads no region from the credentials file);
 * - the endpoint: the options (`endpoint`, or boto's `host`/`port`/`path`/`isSecure`), else
 *   `AWS_ENDPOINT_URL_EC2`, else `AWS_ENDPOINT_URL`, else the profile's `endpoint_url` (unless
 *   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else AWS's `https://ec2.<region>.amazonaws.com/`.
 *
 * The files are INI as Python's `configparser` reads them (botocore's parser): `[section]`
 * headers, `key = value` or `key: value` (keys lower-cased, values stripped, no inline comments),
 * whole-line `#` and `;` comments, indented continuation lines. A line it cannot read, a duplicate
 * section or key, or half a credential is a `ParameterError` naming the file, the line or the
 * profile, and the key.
 */
import { join } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';

// node:fs and node:os are taken when a file is read, not when the package is imported (their
// module facades cost about a millisecond and a half of `import '@overcast/ec2'`).
const readText = (path: string): string => process.getBuiltinModule('node:fs').readFileSync(path, 'utf8');
const homedir = (): string => process.getBuiltinModule('node:os').homedir();

/** The environment the settings are read from (default `process.env`). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Credentials as the client signs with them. */
export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
  /** Where they came from: `options`, `environment`, or the file and profile (`~/.aws/credentials [dev]`). */
  source: string;
}

/** A parsed INI file: sections by name, each its keys (lower case) and values. */
export type IniFile = Map<string, Map<string, string>>;

/**
 * Parses INI text as Python's `configparser.RawConfigParser` does (botocore's `raw_config_parse`).
 *
 * @throws ParameterError naming `file` and the line for a line that is neither a section, a key, a
 *   comment nor a continuation, a key outside any section, and a duplicate section or key
 */
export function parseIni(text: string, file: string): IniFile {
  const sections: IniFile = new Map();
  let current: Map<string, string> | undefined;
  let currentName = '';
  let lastKey: string | undefined;
  let lastIndent = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const where = `${file} line ${index + 1}`;
    const stripped = raw.trim();
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      // configparser keeps a blank line inside a multi-line value; a comment ends nothing either.
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (current !== undefined && lastKey !== undefined && indent > lastIndent) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${stripped}`);
      continue;
    }
    const header = /^\[(.+)\]$/.exec(stripped);
    if (header !== null) {
      currentName = header[1] as string;
      if (sections.has(currentName)) {
        throw new ParameterError(`${where}: section [${currentName}] appears twice`);
      }
      current = new Map();
      sections.set(currentName, current);
      lastKey = undefined;
      continue;
    }
    if (current === undefined) {
      throw new ParameterError(`${where} is outside any [section]: start the file with a [profile] header`);
    }
    const delimiter = /[=:]/.exec(stripped);
    const key = delimiter === null ? '' : stripped.slice(0, delimiter.index).trim().toLowerCase();
    if (delimiter === null || key === '') {
      throw new ParameterError(`${where} is not "key = value"`);
    }
    if (current.has(key)) {
      throw new ParameterError(`${where}: key ${key} appears twice in [${currentName}]`);
    }
    current.set(key, stripped.slice(delimiter.index + 1).trim());
    lastKey = key;
    lastIndent = indent;
  }
  return sections;
}

/** Reads and parses an INI file; undefined when it does not exist. */
function readIni(path: string, shown: string): IniFile | undefined {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ParameterError(`cannot read ${shown}: ${(error as Error).message}`, { cause: error });
  }
  return parseIni(text, shown);
}

/** `~` at the start of a path is the home directory, as `os.path.expanduser`. */
function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

/** What `resolveProfile` needs: the environment, the home directory and the options' profile. */
export interface ProfileSources {
  env: Environment;
  /** Where `~` is (default: the environment's `HOME`, else the user's home directory). */
  home?: string;
  /** The `profile` option (botocore's explicit `profile_name`). */
  profile?: string | undefined;
}

/** One profile as read from the two files. */
export interface Profile {
  name: string;
  /** Whether the name was asked for (option or environment) rather than `default` by default. */
  named: boolean;
  /** Whether the `profile` option named it (then the environment's keys do not apply). */
  explicit: boolean;
  /** The profile's keys in the credentials file, and the file as shown in messages. */
  credentials: { file: string; values: Map<string, string> } | undefined;
  /** The profile's keys in the config file. */
  config: { file: string; values: Map<string, string> } | undefined;
}

/** Reads the profile botocore would use from the shared credentials and config files. */
export function resolveProfile(sources: ProfileSources): Profile {
  const { env } = sources;
  const home = sources.home ?? nonEmpty(env['HOME']) ?? homedir();
  const fromEnv = nonEmpty(env['AWS_DEFAULT_PROFILE']) ?? nonEmpty(env['AWS_PROFILE']);
  if (sources.profile !== undefined && (typeof sources.profile !== 'string' || sources.profile === '')) {
    throw new ParameterError('EC2: "profile" must be a non-empty string');
  }
  const name = sources.profile ?? fromEnv ?? 'default';
  const credentialsPath = nonEmpty(env['AWS_SHARED_CREDENTIALS_FILE']) ?? '~/.aws/credentials';
  const configPath = nonEmpty(env['AWS_CONFIG_FILE']) ?? '~/.aws/config';
  const credentialsFile = readIni(expandHome(credentialsPath, home), credentialsPath);
  const configFile = readIni(expandHome(configPath, home), configPath);
  const credentials = credentialsFile?.get(name);
  const config = configSection(configFile, name);
  const profile: Profile = {
    name,
    named: sources.profile !== undefined || fromEnv !== undefined,
    explicit: sources.profile !== undefined,
    credentials: credentials === undefined ? undefined : { file: credentialsPath, values: credentials },
    config: config === undefined ? undefined : { file: configPath, values: config },
  };
  if (profile.named && credentials === undefined && config === undefined) {
    const via = sources.profile !== undefined ? 'the "profile" option' : 'the environment';
    throw new ParameterError(
      `EC2: the profile "${name}" (from ${via}) is in neither ${credentialsPath} ([${name}]) nor ${configPath} ([profile ${name}])`,
    );
  }
  return profile;
}

/**
 * A profile's section of the config file: `[profile name]` (the name may be quoted, as botocore
 * splits it with `shlex`), or `[default]` for `default`; the later one wins, as in botocore.
 */
function configSection(file: IniFile | undefined, name: string): Map<string, string> | undefined {
  if (file === undefined) return undefined;
  let found: Map<string, string> | undefined;
  for (const [section, values] of file) {
    if (section === 'default' && name === 'default') found = values;
    else if (/^profile\s/.test(section)) {
      const parts = shellWords(section);
      if (parts !== undefined && parts.length === 2 && parts[1] === name) found = values;
    }
  }
  return found;
}

/** `shlex.split` for the few forms a section name takes: words, single and double quotes. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: the usual exec loop
  while ((match = pattern.exec(text)) !== null) {
    words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
    end = pattern.lastIndex;
  }
  return text.slice(end).trim() === '' ? words : undefined;
}

/** The keys of credentials a profile may carry. */
const ACCESS_KEY = 'aws_access_key_id';
const SECRET_KEY = 'aws_secret_access_key';
const TOKEN_KEYS = ['aws_session_token', 'aws_security_token'];
/** Credential sources botocore also knows that this client does not implement. */
const UNSUPPORTED_KEYS: Record<string, string> = {
  role_arn: 'an assumed role (role_arn)',
  credential_process: 'a credential process (credential_process)',
  sso_session: 'IAM Identity Center (sso_session)',
  sso_start_url: 'IAM Identity Center (sso_start_url)',
  web_identity_token_file: 'a web identity (web_identity_token_file)',
  login_session: 'a console login session (login_session)',
};

/** What `resolveCredentials` needs besides the profile sources. */
export interface CredentialOptions {
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
}

/**
 * The credentials botocore's default chain would find (options, environment, credentials file,
 * config file), reading the files only when needed.
 *
 * @throws ParameterError for half a credential anywhere (naming where), a profile that uses a
 *   credential source this client does not implement, and no credentials at all
 */
export function resolveCredentials(
  options: CredentialOptions,
  sources: ProfileSources,
  profile: () => Profile,
): ResolvedCredentials {
  const { accessKeyId, secretAccessKey, sessionToken } = options;
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw new ParameterError(
        `EC2: "${accessKeyId === undefined ? 'secretAccessKey' : 'accessKeyId'}" is given without "${accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey'}": give both, or neither to read them from the environment or ~/.aws/credentials`,
      );
    }
    for (const [name, value] of [
      ['accessKeyId', accessKeyId],
      ['secretAccessKey', secretAccessKey],
    ] as const) {
      if (typeof value !== 'string' || value === '') {
        throw new ParameterError(`EC2: "${name}" must be a non-empty string`);
      }
    }
    checkToken('sessionToken', sessionToken);
    return { accessKeyId, secretAccessKey, sessionToken: nonEmpty(sessionToken), source: 'options' };
  }
  if (sessionToken !== undefined) {
    throw new ParameterError('EC2: "sessionToken" is given without "accessKeyId" and "secretAccessKey"');
  }
  const { env } = sources;
  if (sources.profile === undefined) {
    const envKey = nonEmpty(env['AWS_ACCESS_KEY_ID']);
    const envSecret = nonEmpty(env['AWS_SECRET_ACCESS_KEY']);
    if (envKey !== undefined) {
      if (envSecret === undefined) {
        throw new ParameterError(
          'EC2: AWS_ACCESS_KEY_ID is set in the environment but AWS_SECRET_ACCESS_KEY is not: set both, or unset AWS_ACCESS_KEY_ID',
        );
      }
      return {
        accessKeyId: envKey,
        secretAccessKey: envSecret,
        sessionToken: nonEmpty(env['AWS_SESSION_TOKEN']) ?? nonEmpty(env['AWS_SECURITY_TOKEN']),
        source: 'environment',
      };
    }
  }
  const found = profile();
  for (const section of [found.credentials, found.config]) {
    if (section === undefined) continue;
    const where =
      section === found.config && found.name !== 'default'
        ? `${section.file} [profile ${found.name}]`
        : `${section.file} [${found.name}]`;
    const key = nonEmpty(section.values.get(ACCESS_KEY));
    const secret = nonEmpty(section.values.get(SECRET_KEY));
    if (key === undefined && secret === undefined) continue;
    if (key === undefined || secret === undefined) {
      throw new ParameterError(
        `EC2: ${where} has ${key === undefined ? SECRET_KEY : ACCESS_KEY} but no ${key === undefined ? ACCESS_KEY : SECRET_KEY}`,
      );
    }
    const token = TOKEN_KEYS.map((name) => nonEmpty(section.values.get(name))).find((v) => v !== undefined);
    return { accessKeyId: key, secretAccessKey: secret, sessionToken: token, source: where };
  }
  for (const section of [found.config, found.credentials]) {
    for (const [key, what] of Object.entries(UNSUPPORTED_KEYS)) {
      if (section?.values.has(key)) {
        throw new ParameterError(
          `EC2: the profile "${found.name}" in ${section.file} gets its credentials from ${what}, which @overcast/ec2 does not support: give ${ACCESS_KEY} and ${SECRET_KEY}, or the accessKeyId and secretAccessKey options`,
        );
      }
    }
  }
  throw new ParameterError(
    `EC2: no credentials: pass accessKeyId and secretAccessKey, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put ${ACCESS_KEY} and ${SECRET_KEY} in ${found.credentials?.file ?? nonEmpty(env['AWS_SHARED_CREDENTIALS_FILE']) ?? '~/.aws/credentials'} [${found.name}]`,
  );
}

function checkToken(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new ParameterError(`EC2: "${name}" must be a string`);
  }
}

/** A value, or undefined when it is missing or empty (as botocore treats an empty variable). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
