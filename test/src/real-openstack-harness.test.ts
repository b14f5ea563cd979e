/**
 * The real-OpenStack harness (`support/real-openstack.ts`): Debian's Keystone and Glance on
 * 127.0.0.1 with sqlite. These services must start: a missing package or a service that does not
 * come up fails here with the reason (`npm run setup:system` installs them), it is never skipped.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OpenStackServices,
  passwordAuth,
  startKeystone,
  startOpenStack,
  storedSize,
} from './support/real-openstack.js';

const START_TIMEOUT = 120_000;

let services: OpenStackServices | undefined;

function started(): OpenStackServices {
  if (services === undefined) throw new Error('the services did not start (see the beforeAll error)');
  return services;
}

beforeAll(async () => {
  services = await startOpenStack();
}, START_TIMEOUT);

afterAll(async () => {
  await services?.stop();
}, 30_000);

/** Whether something listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

describe('real Keystone (keystone-wsgi-public, sqlite)', () => {
  it('issues a project-scoped token to the admin: 201, X-Subject-Token, a catalog with identity and image', async () => {
    const { keystone, glance } = started();
    const response = await keystone.request('POST', '/v3/auth/tokens', {
      token: null,
      body: passwordAuth(keystone.adminUsername, keystone.adminPassword, keystone.adminProjectName),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toMatch(/^gAAAAA/); // a Fernet token
    const token = response.body.token;
    expect(token.user).toMatchObject({ id: keystone.adminUserId, name: 'admin', domain: { id: 'default' } });
    expect(token.project).toMatchObject({ id: keystone.projectId, name: 'admin' });
    expect(token.roles.map((role: { name: string }) => role.name)).toContain('admin');
    const byType = new Map<string, { interface: string; url: string; region: string }[]>(
      token.catalog.map((entry: { type: string; endpoints: never[] }) => [entry.type, entry.endpoints]),
    );
    expect(byType.get('identity')).toContainEqual(
      expect.objectContaining({ interface: 'public', url: `${keystone.authUrl}/`, region: keystone.region }),
    );
    expect(byType.get('image')).toContainEqual(
      expect.objectContaining({ interface: 'public', url: glance.url, region: 'RegionOne' }),
    );
  });

  it('refuses a wrong password with 401 and no token', async () => {
    const { keystone } = started();
    const response = await keystone.request('POST', '/v3/auth/tokens', {
      token: null,
      body: passwordAuth(keystone.adminUsername, 'not-the-password', keystone.adminProjectName),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-subject-token')).toBeNull();
    expect(response.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
  });

  it('serves identity calls with the admin token, and refuses them without one', async () => {
    const { keystone } = started();
    const projects = await keystone.request('GET', '/v3/projects');
    expect(projects.status).toBe(200);
    expect(projects.body.projects.map((project: { id: string }) => project.id)).toContain(keystone.projectId);
    expect((await keystone.request('GET', '/v3/projects', { token: null })).status).toBe(401);
  });

  it('gives openstacksdk-style settings for a clouds.yaml', () => {
    const { keystone } = started();
    expect(keystone.cloudConfig()).toEqual({
      auth: {
        auth_url: keystone.authUrl,
        username: 'admin',
        password: keystone.adminPassword,
        project_name: 'admin',
        user_domain_name: 'Default',
        project_domain_name: 'Default',
      },
      region_name: 'RegionOne',
      interface: 'public',
      identity_api_version: 3,
    });
    expect(keystone.authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
  });
});

describe('real Glance (glance-api, file store) behind that Keystone', () => {
  it('answers GET /v2/images with the token, and 401 without one', async () => {
    const { glance } = started();
    const images = await glance.request('GET', '/v2/images');
    expect(images.status).toBe(200);
    expect(images.body).toMatchObject({ images: [], first: '/v2/images' });
    expect((await glance.request('GET', '/v2/images', { token: null })).status).toBe(401);
    expect((await glance.request('GET', '/v2/images', { token: 'gAAAAA-not-a-token' })).status).toBe(401);
  });

  it('stores an uploaded image in its temporary file store', async () => {
    const { keystone, glance } = started();
    const created = await glance.request('POST', '/v2/images', {
      body: { name: 'harness-check', disk_format: 'raw', container_format: 'bare' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const upload = await fetch(`${glance.url}/v2/images/${id}/file`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': keystone.adminToken, 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(4096, 0x2a),
    });
    expect(upload.status).toBe(204);
    const image = await glance.request('GET', `/v2/images/${id}`);
    expect(image.body).toMatchObject({ status: 'active', size: 4096, owner: keystone.projectId });
    expect(storedSize(glance, id)).toBe(4096);
    expect((await glance.request('DELETE', `/v2/images/${id}`)).status).toBe(204);
    expect(storedSize(glance, id)).toBeUndefined();
  });
});

describe('the harness itself', () => {
  it('fails, quickly and with the reason and log tail, when a service cannot start', async () => {
    // A port already taken: keystone-wsgi-public exits at once.
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const before = Date.now();
      const failure = await startKeystone({ port }).then(
        () => new Error('Keystone started on a taken port'),
        (error: Error) => error,
      );
      expect(failure.message).toMatch(/^Keystone did not start: keystone-wsgi-public exited with code 1/);
      expect(failure.message).toContain('Address already in use');
      expect(Date.now() - before).toBeLessThan(30_000);
      // The failed start left nothing behind.
      const dir = /--- last lines of (\/\S+overcast-keystone-[^/\s]+)\//.exec(failure.message)?.[1];
      expect(dir).toBeDefined();
      expect(existsSync(dir as string)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);

  it('fails at its deadline, never hangs', async () => {
    const failure = await startKeystone({ timeoutMs: 300 }).then(
      () => new Error('Keystone started within 300 ms'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/did not finish within \d+ ms|did not answer in time/);
    const dir = /--- last lines of (\/\S+overcast-keystone-[^/\s]+)\//.exec(failure.message)?.[1];
    if (dir !== undefined) expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('stop() ends every process and removes the temporary directories', async () => {
    const { keystone, glance } = started();
    expect(existsSync(keystone.dir) && existsSync(glance.dir)).toBe(true);
    expect(await listening(keystone.port)).toBe(true);
    expect(await listening(glance.port)).toBe(true);
    await started().stop();
    expect(await listening(keystone.port)).toBe(false);
    expect(await listening(glance.port)).toBe(false);
    expect(existsSync(keystone.dir) || existsSync(glance.dir)).toBe(false);
    await started().stop(); // idempotent
  }, 30_000);
});
