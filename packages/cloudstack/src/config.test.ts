import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParameterError } from '@overcast/runtime';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

/** A home and a working directory, each with an optional ini file. */
function dirs(files: { home?: string; cwd?: string; other?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'cs-config-'));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  if (files.home !== undefined) writeFileSync(join(home, '.cloudstack.ini'), files.home);
  if (files.cwd !== undefined) writeFileSync(join(cwd, 'cloudstack.ini'), files.cwd);
  const other = join(root, 'other.ini');
  if (files.other !== undefined) writeFileSync(other, files.other);
  return { home, cwd, other };
}

const TWO_REGIONS = `[cloudstack]
endpoint = https://one.example/client/api
key = key-one
secret = secret-one
timeout = 30
poll_interval = 0.5
job_timeout = 120
theme = monokai
header_x-tenant = blue

[lab]
endpoint = https://lab.example/client/api
key = key-lab
secret = secret-lab
method = POST
expiration = -1
dangerous_no_tls_verify = true
`;

describe('readConfig', () => {
  it('takes endpoint, key and secret from the environment alone, converting seconds to ms', async () => {
    const { home, cwd } = dirs({ cwd: TWO_REGIONS });
    const config = await readConfig({
      home,
      cwd,
      region: 'lab',
      env: {
        CLOUDSTACK_ENDPOINT: 'https://env.example/client/api',
        CLOUDSTACK_KEY: 'k',
        CLOUDSTACK_SECRET: 's',
        CLOUDSTACK_TIMEOUT: '5',
        CLOUDSTACK_JOB_TIMEOUT: '60',
        CLOUDSTACK_RETRY: '',
      },
    });
    // As `cs`: a complete environment wins and no file (nor region) is read.
    expect(config).toEqual({
      endpoint: 'https://env.example/client/api',
      key: 'k',
      secret: 's',
      method: 'GET',
      retry: 0,
      timeout: 5000,
      expiration: 600_000,
      pollInterval: 2000,
      jobTimeout: 60_000,
    });
  });

  it('reads the default section, or the one named by CLOUDSTACK_REGION or the region option', async () => {
    const { home, cwd } = dirs({ home: TWO_REGIONS });
    const first = await readConfig({ home, cwd, env: {} });
    expect(first).toMatchObject({
      name: 'cloudstack',
      endpoint: 'https://one.example/client/api',
      timeout: 30_000,
      pollInterval: 500,
      jobTimeout: 120_000,
      headers: { 'x-tenant': 'blue' },
    });
    expect(first).not.toHaveProperty('theme');
    const lab = await readConfig({ home, cwd, env: { CLOUDSTACK_REGION: 'lab' } });
    expect(lab).toMatchObject({
      name: 'lab',
      method: 'POST',
      expiration: -1000,
      verify: false,
      key: 'key-lab',
    });
    expect(
      await readConfig({ home, cwd, region: 'cloudstack', env: { CLOUDSTACK_REGION: 'lab' } }),
    ).toMatchObject({
      name: 'cloudstack',
    });
  });

  it('lets CLOUDSTACK_CONFIG beat ./cloudstack.ini beat ~/.cloudstack.ini, key by key', async () => {
    const { home, cwd, other } = dirs({
      home: '[cloudstack]\nendpoint = http://home\nkey = home-key\nsecret = home-secret\n',
      cwd: '[cloudstack]\nendpoint = http://cwd\nkey = cwd-key\n',
      other: '[cloudstack]\nendpoint = http://other\n',
    });
    expect(await readConfig({ home, cwd, env: {} })).toMatchObject({
      endpoint: 'http://cwd',
      key: 'cwd-key',
      secret: 'home-secret',
    });
    expect(await readConfig({ home, cwd, env: { CLOUDSTACK_CONFIG: other } })).toMatchObject({
      endpoint: 'http://other',
      key: 'cwd-key',
    });
  });

  it('lets the file win over the environment except for CLOUDSTACK_OVERRIDES keys', async () => {
    const { home, cwd } = dirs({ cwd: TWO_REGIONS });
    const env = { CLOUDSTACK_KEY: 'env-key', CLOUDSTACK_SECRET: 'env-secret', CLOUDSTACK_TIMEOUT: '1' };
    expect(await readConfig({ home, cwd, env })).toMatchObject({
      key: 'key-one',
      secret: 'secret-one',
      timeout: 30_000,
    });
    const overridden = await readConfig({ home, cwd, env: { ...env, CLOUDSTACK_OVERRIDES: 'key, Timeout' } });
    expect(overridden).toMatchObject({ key: 'env-key', secret: 'secret-one', timeout: 1000 });
  });

  it('reads trace as the client option trace: true (false stays false)', async () => {
    const section = '[cloudstack]\nendpoint = http://h\nkey = k\nsecret = s\n';
    const on = dirs({ home: `${section}trace = yes\n` });
    expect(await readConfig({ ...on, env: {} })).toMatchObject({ trace: true });
    const off = dirs({ home: `${section}trace = false\n` });
    expect(await readConfig({ ...off, env: {} })).not.toHaveProperty('trace');
  });

  it('fails clearly: no file, unknown region, missing keys, bad values', async () => {
    const none = dirs();
    await expect(readConfig({ ...none, env: {} })).rejects.toThrow(
      /config file not found\. Tried .*\.cloudstack\.ini/,
    );
    const { home, cwd } = dirs({ cwd: TWO_REGIONS });
    await expect(readConfig({ home, cwd, region: 'mars', env: {} })).rejects.toThrow(
      'region "mars" is not in the config',
    );
    await expect(readConfig({ home, cwd, env: { CLOUDSTACK_REGION: 'mars' } })).rejects.toBeInstanceOf(
      ParameterError,
    );
    const partial = dirs({ cwd: '[cloudstack]\nendpoint = http://x\n' });
    await expect(readConfig({ ...partial, env: {} })).rejects.toThrow('is missing: key, secret');
    const bad = dirs({ cwd: '[cloudstack]\nendpoint = http://x\nkey = k\nsecret = s\ntimeout = soon\n' });
    await expect(readConfig({ ...bad, env: {} })).rejects.toThrow('"timeout" must be a number of seconds');
  });
});
