import { childElements } from '@overcast/runtime/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, faultOf, field, signIn, xmlOf } from './client.test-helper.js';
import { SSO_LOGOUT_PATH, SSO_TOKEN_PATH } from './paths.js';
import { type RunningOvirtSimulator, startOvirtSimulator } from './simulator.js';

let sim: RunningOvirtSimulator;

beforeAll(async () => {
  sim = await startOvirtSimulator({ stepMs: 10 });
});
afterAll(() => sim.close());

async function tokenRequest(form: Record<string, string>) {
  const response = await fetch(`${sim.url}${SSO_TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, type: response.headers.get('content-type'), json };
}

describe('SSO token endpoint', () => {
  it('hands out a bearer token for the right user and password', async () => {
    const answer = await tokenRequest({ grant_type: 'password', scope: 'ovirt-app-api', ...sim.user });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({ token_type: 'bearer', scope: 'ovirt-app-api' });
    expect(answer.json.access_token).toMatch(/^[\w-]{20,}$/);
  });

  it('refuses a wrong password with error_code and error, never echoing the password', async () => {
    const answer = await tokenRequest({
      grant_type: 'password',
      scope: 'ovirt-app-api',
      username: 'admin@internal',
      password: 'not-the-password',
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error_code: 'access_denied',
      error: "Cannot authenticate user 'admin@internal': The username or password is incorrect..",
    });
    expect(JSON.stringify(answer.json)).not.toContain('not-the-password');
  });

  it('requires the ovirt-app-api scope and the password grant', async () => {
    const noScope = await tokenRequest({ grant_type: 'password', ...sim.user });
    expect(noScope).toMatchObject({ status: 400, json: { error_code: 'invalid_scope' } });
    const otherGrant = await tokenRequest({ grant_type: 'client_credentials', scope: 'ovirt-app-api' });
    expect(otherGrant).toMatchObject({ status: 400, json: { error_code: 'unsupported_grant_type' } });
  });
});

describe('bearer tokens on the API', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    const bare = await fetch(sim.apiUrl);
    expect(bare.status).toBe(401);
    expect(await bare.text()).toContain('Unauthorized');
    const unknown = await call(sim, 'no-such-token', 'GET', '/vms');
    expect(unknown.status).toBe(401);
  });

  it('stops accepting a token once it is revoked through sso-logout', async () => {
    const token = await signIn(sim);
    expect((await call(sim, token, 'GET', '/vms')).status).toBe(200);
    const logout = await fetch(`${sim.url}${SSO_LOGOUT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ scope: 'ovirt-app-api', token }).toString(),
    });
    expect(logout.status).toBe(200);
    expect(await logout.json()).toEqual({});
    expect((await call(sim, token, 'GET', '/vms')).status).toBe(401);
  });

  it('answers 401 after expireTokens(), so clients must sign in again', async () => {
    const token = await signIn(sim);
    sim.expireTokens();
    expect((await call(sim, token, 'GET', '/')).status).toBe(401);
    expect((await call(sim, await signIn(sim), 'GET', '/')).status).toBe(200);
  });
});

describe('API root', () => {
  it('refuses API versions other than 4 with a fault', async () => {
    const token = await signIn(sim);
    const response = await fetch(sim.apiUrl, { headers: { authorization: `Bearer ${token}`, version: '3' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "<detail>Version '3' isn't supported, only version 4 is.</detail>",
    );
  });

  it('links to collections that can be followed, and to the Blank template', async () => {
    const token = await signIn(sim);
    const root = xmlOf(await call(sim, token, 'GET', ''));
    expect(root.name).toBe('api');
    expect(field(root, 'product_info', 'name')).toBe('oVirt Engine');
    const links = childElements(root, 'link').filter(
      (link) => !(link.attributes.rel ?? '').endsWith('/search'),
    );
    expect(links.map((link) => link.attributes.rel)).toEqual([
      'clusters',
      'datacenters',
      'disks',
      'hosts',
      'jobs',
      'templates',
      'vms',
    ]);
    const plurals = { datacenters: 'data_centers' } as Record<string, string>;
    for (const link of links) {
      const rel = link.attributes.rel ?? '';
      const list = xmlOf(await call(sim, token, 'GET', link.attributes.href ?? ''));
      expect(list.name).toBe(plurals[rel] ?? rel);
    }
    const blank = childElements(childElements(root, 'special_objects')[0] ?? root, 'blank_template')[0];
    expect(blank?.attributes.id).toBe('00000000-0000-0000-0000-000000000000');
    const template = xmlOf(await call(sim, token, 'GET', blank?.attributes.href ?? ''));
    expect(field(template, 'name')).toBe('Blank');
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const token = await signIn(sim);
    expect((await call(sim, token, 'GET', '/nothing-here')).status).toBe(404);
    expect((await call(sim, token, 'DELETE', '/clusters')).status).toBe(405);
    const missing = await call(sim, token, 'GET', '/clusters/123');
    expect(missing.status).toBe(404);
    expect(faultOf(missing)).toEqual(['Operation Failed', 'Entity not found: 123']);
  });
});
