import { describe, expect, it } from 'vitest';
import type { CloudConfig } from './loader.js';
import { formatCloudConfigs, MASK, maskConfig, maskSecrets } from './print.js';

const config: CloudConfig = {
  name: 'c',
  regionName: 'R1',
  authType: 'password',
  auth: {},
  interface: 'public',
  tls: {},
  apiTimeout: undefined,
  forceIpv4: false,
  source: { kind: 'file', cloudsFile: '/x/clouds.yaml' },
  config: {
    auth_type: 'password',
    auth: {
      auth_url: 'https://admin:pw1@k.example.com/v3',
      username: 'u',
      password: 'pw2',
      application_credential_secret: 'pw3',
      token: 'pw4',
      access_token_endpoint: 'https://idp/token',
    },
    client_secret: 'pw5',
    passcode: 'pw6',
    key: '-----BEGIN RSA PRIVATE KEY-----\nMIIpw7\n-----END RSA PRIVATE KEY-----',
    cert: '/etc/client.pem',
    password: '',
    networks: [{ name: 'n' }],
  },
};

describe('printing a resolved configuration', () => {
  it('masks every secret and nothing else', () => {
    const masked = maskConfig(config);
    expect(masked.config).toEqual({
      auth_type: 'password',
      auth: {
        auth_url: `https://admin:${MASK}@k.example.com/v3`,
        username: 'u',
        password: MASK,
        application_credential_secret: MASK,
        token: MASK,
        access_token_endpoint: 'https://idp/token',
      },
      client_secret: MASK,
      passcode: MASK,
      key: MASK,
      cert: '/etc/client.pem',
      password: '',
      networks: [{ name: 'n' }],
    });
    expect(maskSecrets({ 'auth-token': 'x', code: 'y' })).toEqual({ 'auth-token': MASK, code: MASK });
  });

  it('as text and as JSON, never with a secret', () => {
    const text = formatCloudConfigs([config]);
    expect(text).toMatch(/^# cloud: c {2}region: R1 {2}from: \/x\/clouds\.yaml\n/);
    expect(text).toContain('username: u');
    const json = formatCloudConfigs([config], { json: true });
    expect(JSON.parse(json)[0]).toMatchObject({ cloud: 'c', regionName: 'R1' });
    for (const output of [text, json]) expect(output).not.toMatch(/pw\d/);
  });
});
