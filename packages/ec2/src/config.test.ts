import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC2 } from './client.js';
import { parseIni } from './config.js';

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ec2-config-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(
    join(home, '.aws', 'credentials'),
    [
      '# the credentials file',
      '[default]',
      'aws_access_key_id = AKDEFAULT',
      'aws_secret_access_key = default-secret-1',
      '',
      '[dev]',
      'aws_access_key_id=AKDEV',
      'aws_secret_access_key: dev-secret-2',
      'aws_session_token = dev-token',
      '',
      '[half]',
      'aws_access_key_id = AKHALF',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      '[default]',
      'region = nova',
      '',
      '[profile dev]',
      'region = RegionOne',
      'endpoint_url = http://api-node:8788/services/Cloud',
      '',
      '[profile "cfg only"]',
      'aws_access_key_id = AKCFG',
      'aws_secret_access_key = cfg-secret-3',
      '',
      '[profile role]',
      'role_arn = arn:aws:iam::123:role/x',
      'source_profile = default',
      '',
      '[profile half]',
      'region = r-half',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A client reading this test's files, with `env` as its whole environment. */
function make(env: Record<string, string>, options: ConstructorParameters<typeof EC2>[0] = {}): EC2 {
  return new EC2({
    ...options,
    env: {
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      ...env,
    },
  });
}

function error(run: () => unknown): Error {
  try {
    run();
  } catch (caught) {
    expect(caught).toBeInstanceOf(ParameterError);
    return caught as Error;
  }
  throw new Error('no error');
}

describe('parseIni (configparser’s rules)', () => {
  it('reads sections, both delimiters, lower-cased keys, comments and continuation lines', () => {
    const ini = parseIni(
      '; comment\n[a]\nKey = v 1 # not a comment\nother: x\nnested =\n  inner = 1\n  more = 2\n\n[b c]\nempty =\n',
      'f',
    );
    expect([...ini.keys()]).toEqual(['a', 'b c']);
    expect(Object.fromEntries(ini.get('a') ?? [])).toEqual({
      key: 'v 1 # not a comment',
      other: 'x',
      nested: '\ninner = 1\nmore = 2',
    });
    expect(ini.get('b c')?.get('empty')).toBe('');
  });

  it.each([
    ['key = v\n[a]\n', /f line 1 is outside any \[section\]/],
    ['[a]\njust words\n', /f line 2 is not "key = value"/],
    ['[a]\n= v\n', /f line 2 is not "key = value"/],
    ['[a]\n[a]\n', /f line 2: section \[a\] appears twice/],
    ['[a]\nk = 1\nK = 2\n', /f line 3: key k appears twice in \[a\]/],
  ])('refuses %j', (text, message) => {
    expect(() => parseIni(text, 'f')).toThrow(message);
  });
});

describe('credentials, region and endpoint as boto3 finds them', () => {
  it('takes the environment’s keys first, then the default profile', () => {
    const fromEnv = make(
      { AWS_ACCESS_KEY_ID: 'AKENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_DEFAULT_REGION: 'r-env' },
      { endpoint: 'http://x/' },
    );
    expect(fromEnv.credentialSource).toBe('environment');
    expect(fromEnv.region).toBe('r-env');
    const fromFile = make({}, { endpoint: 'http://x/' });
    expect(fromFile.credentialSource).toBe(`${join(home, '.aws', 'credentials')} [default]`);
    expect(fromFile.region).toBe('nova');
  });

  it('AWS_REGION before AWS_DEFAULT_REGION, the option before both', () => {
    const env = { AWS_REGION: 'r1', AWS_DEFAULT_REGION: 'r2' };
    expect(make(env, { endpoint: 'http://x/' }).region).toBe('r1');
    expect(make(env, { endpoint: 'http://x/', region: 'r0' }).region).toBe('r0');
  });

  it('reads a named profile: keys and token from credentials, region and endpoint_url from config', () => {
    const ec2 = make({ AWS_PROFILE: 'dev' });
    expect(ec2.credentialSource).toBe(`${join(home, '.aws', 'credentials')} [dev]`);
    expect(ec2.region).toBe('RegionOne');
    expect(ec2.endpoint).toBe('http://api-node:8788/services/Cloud');
    // AWS_DEFAULT_PROFILE comes first, as in botocore
    expect(make({ AWS_PROFILE: 'nope', AWS_DEFAULT_PROFILE: 'dev' }).region).toBe('RegionOne');
  });

  it('an explicit profile sets the environment’s keys aside; AWS_PROFILE does not', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    expect(make(env, { profile: 'dev' }).credentialSource).toMatch(/\[dev\]$/);
    expect(make({ ...env, AWS_PROFILE: 'dev' }).credentialSource).toBe('environment');
  });

  it('reads keys from the config file’s [profile "name"] when the credentials file has none', () => {
    expect(make({}, { profile: 'cfg only', endpoint: 'http://x/' }).credentialSource).toBe(
      `${join(home, '.aws', 'config')} [profile cfg only]`,
    );
  });

  it('names the file, profile and key of half a credential', () => {
    expect(error(() => make({}, { profile: 'half' })).message).toBe(
      `EC2: ${join(home, '.aws', 'credentials')} [half] has aws_access_key_id but no aws_secret_access_key`,
    );
    expect(error(() => make({ AWS_ACCESS_KEY_ID: 'AK' }, { endpoint: 'http://x/' })).message).toMatch(
      /AWS_ACCESS_KEY_ID is set in the environment but AWS_SECRET_ACCESS_KEY is not/,
    );
  });

  it('refuses a profile found nowhere, and one whose credentials come from a source not supported', () => {
    expect(error(() => make({ AWS_PROFILE: 'ghost' })).message).toMatch(
      /the profile "ghost" \(from the environment\) is in neither .*credentials \(\[ghost\]\) nor .*config \(\[profile ghost\]\)/,
    );
    expect(error(() => make({}, { profile: 'role', endpoint: 'http://x/' })).message).toMatch(
      /profile "role" in .*config gets its credentials from an assumed role \(role_arn\), which @overcast\/ec2 does not support/,
    );
  });

  it('says where credentials can come from when there are none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ec2-empty-'));
    try {
      const message = error(
        () => new EC2({ endpoint: 'http://x/', env: { HOME: empty, AWS_CONFIG_FILE: join(empty, 'none') } }),
      ).message;
      expect(message).toMatch(
        /no credentials: pass accessKeyId and secretAccessKey, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put aws_access_key_id and aws_secret_access_key in ~\/\.aws\/credentials \[default\]/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_EC2, then AWS_ENDPOINT_URL, unless told to ignore them', () => {
    const keys = { AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'secret-x' };
    expect(
      make({ ...keys, AWS_ENDPOINT_URL_EC2: 'http://one/', AWS_ENDPOINT_URL: 'http://two/' }).endpoint,
    ).toBe('http://one/');
    expect(make({ ...keys, AWS_ENDPOINT_URL: 'http://two/' }).endpoint).toBe('http://two/');
    expect(
      make({ ...keys, AWS_ENDPOINT_URL: 'http://two/', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })
        .endpoint,
    ).toBe('https://ec2.nova.amazonaws.com/');
  });

  it('finds ~/.aws in HOME, expands ~ in the file variables, and reads no file when the options say everything', () => {
    expect(new EC2({ env: { HOME: home, AWS_PROFILE: 'dev' } }).region).toBe('RegionOne');
    expect(
      new EC2({
        env: {
          HOME: home,
          AWS_PROFILE: 'cfg only',
          AWS_REGION: 'r',
          AWS_SHARED_CREDENTIALS_FILE: '~/.aws/none',
        },
      }).credentialSource,
    ).toBe('~/.aws/config [profile cfg only]');
    const ec2 = new EC2({
      endpoint: 'http://x/',
      accessKeyId: 'AK',
      secretAccessKey: 'secret-y',
      region: 'r',
      env: { AWS_CONFIG_FILE: '~/.aws/config', HOME: home, AWS_PROFILE: 'ghost' },
    });
    expect(ec2.credentialSource).toBe('options');
  });

  it('reports a broken file with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ec2-broken-'));
    try {
      writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id AKX\n');
      expect(
        error(
          () =>
            new EC2({
              endpoint: 'http://x/',
              env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
            }),
        ).message,
      ).toBe(`${join(dir, 'credentials')} line 2 is not "key = value"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
