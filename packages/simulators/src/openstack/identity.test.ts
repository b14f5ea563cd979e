import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, issue, passwordAuth, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

const UNAUTHORIZED = {
  error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
};

let sim: RunningOpenStackSimulator;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 5 });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

describe('Keystone version discovery', () => {
  it('answers 300 with the v3 version at /identity and 200 at /identity/v3, without a token', async () => {
    for (const path of ['/identity', '/identity/']) {
      const root = await call(sim, 'GET', path);
      expect(root.status).toBe(300);
      expect(root.json.versions.values).toEqual([
        expect.objectContaining({
          id: 'v3.14',
          status: 'stable',
          links: [{ rel: 'self', href: `${sim.url}/identity/v3/` }],
        }),
      ]);
    }
    const v3 = await call(sim, 'GET', '/identity/v3');
    expect(v3.status).toBe(200);
    expect(v3.json.version.id).toBe('v3.14');
    expect(v3.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
  });
});

describe('POST /v3/auth/tokens', () => {
  it('issues a project-scoped token for a password (user by name and domain): 201, X-Subject-Token, body, catalog', async () => {
    const { token, answer } = await issue(
      sim,
      passwordAuth(sim.credentials, { project: { name: 'admin', domain: { name: 'Default' } } }),
    );
    expect(token).toMatch(/^gAAAAAB[\w-]{100,}$/);
    const body = answer.json.token;
    expect(body.methods).toEqual(['password']);
    expect(body.user).toEqual({
      domain: { id: 'default', name: 'Default' },
      id: sim.userId,
      name: 'admin',
      password_expires_at: null,
    });
    expect(body.project).toEqual({
      domain: { id: 'default', name: 'Default' },
      id: sim.projectId,
      name: 'admin',
    });
    expect(body.roles.map((r: { name: string }) => r.name).sort()).toEqual(['admin', 'member', 'reader']);
    expect(body.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(body.expires_at) - Date.parse(body.issued_at)).toBe(3_600_000);

    const types = body.catalog.map((s: { type: string }) => s.type);
    expect(types).toEqual(['identity', 'compute', 'image', 'network', 'block-storage', 'volumev3']);
    const compute = body.catalog.find((s: { type: string }) => s.type === 'compute');
    expect(compute.name).toBe('nova');
    expect(compute.endpoints).toHaveLength(6);
    expect(compute.endpoints).toContainEqual(
      expect.objectContaining({
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: `${sim.url}/compute/v2.1`,
      }),
    );
    expect(compute.endpoints).toContainEqual(
      expect.objectContaining({
        interface: 'admin',
        region_id: 'RegionTwo',
        url: `${sim.url}/RegionTwo/compute/v2.1`,
      }),
    );
    const volume = body.catalog.find((s: { type: string }) => s.type === 'volumev3');
    expect(volume.endpoints[0].url).toBe(`${sim.url}/volume/v3/${sim.projectId}`);
    const identity = body.catalog.find((s: { type: string }) => s.type === 'identity');
    expect(new Set(identity.endpoints.map((e: { url: string }) => e.url))).toEqual(
      new Set([`${sim.url}/identity`]),
    );
  });

  it('accepts a user by id and a project by id; without a scope, the default project', async () => {
    const byId = await issue(sim, {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { id: sim.userId, password: sim.credentials.password } },
        },
        scope: { project: { id: sim.projectId } },
      },
    });
    expect(byId.answer.json.token.project.id).toBe(sim.projectId);
    const unscopedRequest = await issue(sim, passwordAuth(sim.credentials));
    expect(unscopedRequest.answer.json.token.project.name).toBe('admin');
  });

  it('issues unscoped tokens without roles or catalog, and honours ?nocatalog', async () => {
    const unscoped = await issue(sim, passwordAuth(sim.credentials, 'unscoped'));
    expect(unscoped.answer.json.token).not.toHaveProperty('catalog');
    expect(unscoped.answer.json.token).not.toHaveProperty('roles');
    expect(unscoped.answer.json.token).not.toHaveProperty('project');
    const answer = await call(sim, 'POST', '/identity/v3/auth/tokens?nocatalog', {
      body: passwordAuth(sim.credentials, { project: { id: sim.projectId } }),
    });
    expect(answer.status).toBe(201);
    expect(answer.json.token).not.toHaveProperty('catalog');
  });

  it('issues domain- and system-scoped tokens (a domain token has no project-bound endpoints)', async () => {
    const domain = await issue(sim, passwordAuth(sim.credentials, { domain: { name: 'Default' } }));
    expect(domain.answer.json.token.domain).toEqual({ id: 'default', name: 'Default' });
    const types = domain.answer.json.token.catalog.map((s: { type: string }) => s.type);
    expect(types).not.toContain('volumev3');
    const system = await issue(sim, passwordAuth(sim.credentials, { system: { all: true } }));
    expect(system.answer.json.token.system).toEqual({ all: true });
  });

  it('rescopes with the token method, keeping the original expiry', async () => {
    const first = await issue(sim, passwordAuth(sim.credentials, 'unscoped'));
    const second = await issue(sim, {
      auth: {
        identity: { methods: ['token'], token: { id: first.token } },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    expect(second.token).not.toBe(first.token);
    expect(second.answer.json.token.methods).toEqual(['token']);
    expect(second.answer.json.token.expires_at).toBe(first.answer.json.token.expires_at);
    expect(second.answer.json.token.project.id).toBe(sim.projectId);
  });

  it('authenticates with the seeded application credential, by id or by name and user', async () => {
    const { id, name, secret } = sim.applicationCredential;
    const byId = await issue(sim, {
      auth: { identity: { methods: ['application_credential'], application_credential: { id, secret } } },
    });
    const token = byId.answer.json.token;
    expect(token.methods).toEqual(['application_credential']);
    expect(token.project.id).toBe(sim.projectId);
    expect(token.application_credential).toEqual({ id, name, restricted: true });
    const byName = await issue(sim, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name, secret, user: { name: 'admin', domain: { name: 'Default' } } },
        },
      },
    });
    expect(byName.answer.json.token.application_credential.id).toBe(id);
  });

  it('refuses a wrong password, an unknown user, a wrong secret and a project without roles with 401', async () => {
    const attempts = [
      passwordAuth({ ...sim.credentials, password: 'wrong' }),
      passwordAuth({ username: 'nobody', password: 'x' }),
      {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { id: sim.applicationCredential.id, secret: 'wrong' },
          },
        },
      },
      passwordAuth(sim.demoUser, { project: { name: 'admin', domain: { name: 'Default' } } }),
    ];
    for (const body of attempts) {
      const answer = await call(sim, 'POST', '/identity/v3/auth/tokens', { body });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(UNAUTHORIZED);
      expect(answer.headers.get('x-subject-token')).toBeNull();
    }
  });

  it('answers a malformed request with 400 in Keystone’s format', async () => {
    const answer = await call(sim, 'POST', '/identity/v3/auth/tokens', { body: { auth: {} } });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 400, title: 'Bad Request' });
  });
});

describe('token validation, revocation and expiry', () => {
  it('validates with GET and HEAD, revokes with DELETE; a revoked token gets 401 everywhere', async () => {
    const token = await projectToken(sim);
    const subject = await projectToken(sim);
    const get = await call(sim, 'GET', '/identity/v3/auth/tokens', {
      token,
      headers: { 'x-subject-token': subject },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('x-subject-token')).toBe(subject);
    expect(get.json.token.project.id).toBe(sim.projectId);
    const head = await call(sim, 'HEAD', '/identity/v3/auth/tokens', {
      token,
      headers: { 'x-subject-token': subject },
    });
    expect(head.status).toBe(200);

    const revoke = await call(sim, 'DELETE', '/identity/v3/auth/tokens', {
      token,
      headers: { 'x-subject-token': subject },
    });
    expect(revoke.status).toBe(204);
    const again = await call(sim, 'GET', '/identity/v3/auth/tokens', {
      token,
      headers: { 'x-subject-token': subject },
    });
    expect(again.status).toBe(404);
    expect(again.json.error.title).toBe('Not Found');
    const used = await call(sim, 'GET', '/compute/v2.1/servers', { token: subject });
    expect(used.status).toBe(401);
    expect(used.json).toEqual(UNAUTHORIZED);
    expect(used.headers.get('www-authenticate')).toBe(`Keystone uri="${sim.url}/identity"`);
  });

  it('a token past its lifetime gets 401 (tokenLifetimeMs and the clock are configurable)', async () => {
    let now = new Date('2024-05-13T10:00:00Z');
    const short = await startOpenStackSimulator({ tokenLifetimeMs: 60_000, now: () => now });
    try {
      const { token, answer } = await issue(
        short,
        passwordAuth(short.credentials, { project: { id: short.projectId } }),
      );
      expect(answer.json.token.issued_at).toBe('2024-05-13T10:00:00.000000Z');
      expect(answer.json.token.expires_at).toBe('2024-05-13T10:01:00.000000Z');
      expect((await call(short, 'GET', '/network/v2.0/networks', { token })).status).toBe(200);
      now = new Date('2024-05-13T10:01:00Z');
      const expired = await call(short, 'GET', '/network/v2.0/networks', { token });
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual(UNAUTHORIZED);
    } finally {
      await short.close();
    }
  });

  it('expireTokens() invalidates every issued token', async () => {
    const token = await projectToken(sim);
    sim.expireTokens();
    expect((await call(sim, 'GET', '/identity/v3/projects', { token })).status).toBe(401);
    const fresh = await projectToken(sim);
    expect((await call(sim, 'GET', '/identity/v3/projects', { token: fresh })).status).toBe(200);
  });

  it('a request without X-Auth-Token gets 401 from every service', async () => {
    for (const path of [
      '/identity/v3/projects',
      '/compute/v2.1/servers',
      '/image/v2/images',
      '/network/v2.0/networks',
      `/volume/v3/${sim.projectId}/volumes`,
    ]) {
      const answer = await call(sim, 'GET', path);
      expect(answer.status, path).toBe(401);
      expect(answer.json, path).toEqual(UNAUTHORIZED);
    }
  });
});

describe('identity resources', () => {
  it('lists, creates, gets, updates and deletes projects, with Keystone’s 409 and 404', async () => {
    const token = await projectToken(sim);
    const listed = await call(sim, 'GET', '/identity/v3/projects', { token });
    expect(listed.json.projects.map((p: { name: string }) => p.name).sort()).toEqual([
      'admin',
      'demo',
      'service',
    ]);
    expect(listed.json.links).toEqual({
      self: `${sim.url}/identity/v3/projects`,
      previous: null,
      next: null,
    });

    const created = await call(sim, 'POST', '/identity/v3/projects', {
      token,
      body: { project: { name: 'team', description: 'a team', domain_id: 'default' } },
    });
    expect(created.status).toBe(201);
    const project = created.json.project;
    expect(project).toMatchObject({
      name: 'team',
      domain_id: 'default',
      parent_id: 'default',
      enabled: true,
      is_domain: false,
    });
    expect(project.id).toMatch(/^[0-9a-f]{32}$/);
    expect(project.links.self).toBe(`${sim.url}/identity/v3/projects/${project.id}`);

    const duplicate = await call(sim, 'POST', '/identity/v3/projects', {
      token,
      body: { project: { name: 'team' } },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error).toEqual({
      code: 409,
      title: 'Conflict',
      message:
        'Conflict occurred attempting to store project - Duplicate entry found with name team at domain ID default.',
    });
    const byName = await call(sim, 'GET', '/identity/v3/projects?name=team', { token });
    expect(byName.json.projects).toHaveLength(1);
    const patched = await call(sim, 'PATCH', `/identity/v3/projects/${project.id}`, {
      token,
      body: { project: { enabled: false } },
    });
    expect(patched.json.project.enabled).toBe(false);
    expect((await call(sim, 'DELETE', `/identity/v3/projects/${project.id}`, { token })).status).toBe(204);
    const gone = await call(sim, 'GET', `/identity/v3/projects/${project.id}`, { token });
    expect(gone.status).toBe(404);
    expect(gone.json.error).toEqual({
      code: 404,
      title: 'Not Found',
      message: `Could not find project: ${project.id}.`,
    });
  });

  it('creates a user, grants it a role on a project, and the user signs in scoped to it', async () => {
    const token = await projectToken(sim);
    const project = (
      await call(sim, 'POST', '/identity/v3/projects', { token, body: { project: { name: 'p1' } } })
    ).json.project;
    const user = (
      await call(sim, 'POST', '/identity/v3/users', {
        token,
        body: {
          user: {
            name: 'alice',
            password: 'alice-pass',
            default_project_id: project.id,
            email: 'a@example.org',
          },
        },
      })
    ).json.user;
    expect(user).toMatchObject({
      name: 'alice',
      domain_id: 'default',
      enabled: true,
      email: 'a@example.org',
    });
    expect(user).not.toHaveProperty('password');
    const roles = (await call(sim, 'GET', '/identity/v3/roles?name=member', { token })).json.roles;
    expect(roles).toHaveLength(1);

    const denied = await call(sim, 'POST', '/identity/v3/auth/tokens', {
      body: passwordAuth({ username: 'alice', password: 'alice-pass' }, { project: { id: project.id } }),
    });
    expect(denied.status).toBe(401);
    const grant = await call(
      sim,
      'PUT',
      `/identity/v3/projects/${project.id}/users/${user.id}/roles/${roles[0].id}`,
      { token },
    );
    expect(grant.status).toBe(204);
    const check = await call(
      sim,
      'HEAD',
      `/identity/v3/projects/${project.id}/users/${user.id}/roles/${roles[0].id}`,
      { token },
    );
    expect(check.status).toBe(204);
    const signedIn = await issue(
      sim,
      passwordAuth({ username: 'alice', password: 'alice-pass' }, { project: { id: project.id } }),
    );
    expect(signedIn.answer.json.token.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'member',
      'reader',
    ]);
    const assignments = await call(
      sim,
      'GET',
      `/identity/v3/role_assignments?user.id=${user.id}&include_names`,
      { token },
    );
    expect(assignments.json.role_assignments).toEqual([
      expect.objectContaining({
        role: { id: roles[0].id, name: 'member' },
        scope: { project: { id: project.id, name: 'p1' } },
        user: { id: user.id, name: 'alice' },
      }),
    ]);

    // alice is no admin: Keystone's 403
    const forbidden = await call(sim, 'GET', '/identity/v3/users', { token: signedIn.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error).toEqual({
      code: 403,
      title: 'Forbidden',
      message: 'You are not authorized to perform the requested action: identity:list_users.',
    });
    // but she may read herself
    expect((await call(sim, 'GET', `/identity/v3/users/${user.id}`, { token: signedIn.token })).status).toBe(
      200,
    );

    expect((await call(sim, 'DELETE', `/identity/v3/users/${user.id}`, { token })).status).toBe(204);
    expect((await call(sim, 'GET', '/identity/v3/projects', { token: signedIn.token })).status).toBe(401);
  });

  it('creates and deletes roles and domains (a domain must be disabled first)', async () => {
    const token = await projectToken(sim);
    const role = await call(sim, 'POST', '/identity/v3/roles', {
      token,
      body: { role: { name: 'operator' } },
    });
    expect(role.status).toBe(201);
    expect(role.json.role).toMatchObject({ name: 'operator', domain_id: null });
    expect(
      (await call(sim, 'POST', '/identity/v3/roles', { token, body: { role: { name: 'operator' } } })).status,
    ).toBe(409);
    expect((await call(sim, 'DELETE', `/identity/v3/roles/${role.json.role.id}`, { token })).status).toBe(
      204,
    );

    const domain = (
      await call(sim, 'POST', '/identity/v3/domains', { token, body: { domain: { name: 'Other' } } })
    ).json.domain;
    const refused = await call(sim, 'DELETE', `/identity/v3/domains/${domain.id}`, { token });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe(
      'Cannot delete a domain that is enabled, please disable it first.',
    );
    await call(sim, 'PATCH', `/identity/v3/domains/${domain.id}`, {
      token,
      body: { domain: { enabled: false } },
    });
    expect((await call(sim, 'DELETE', `/identity/v3/domains/${domain.id}`, { token })).status).toBe(204);
    const domains = await call(sim, 'GET', '/identity/v3/domains', { token });
    expect(domains.json.domains.map((d: { name: string }) => d.name)).toEqual(['Default']);
  });

  it('creates an application credential whose secret authenticates, with the roles of the token', async () => {
    const token = await projectToken(sim);
    const created = await call(sim, 'POST', `/identity/v3/users/${sim.userId}/application_credentials`, {
      token,
      body: { application_credential: { name: 'ci', description: 'for CI' } },
    });
    expect(created.status).toBe(201);
    const cred = created.json.application_credential;
    expect(cred).toMatchObject({
      name: 'ci',
      project_id: sim.projectId,
      unrestricted: false,
      expires_at: null,
    });
    expect(cred.secret).toMatch(/^[\w-]{40,}$/);
    expect(cred.roles.map((r: { name: string }) => r.name)).toEqual(['admin']);
    const { answer } = await issue(sim, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.id, secret: cred.secret },
        },
      },
    });
    expect(answer.json.token.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ]);
    const listed = await call(sim, 'GET', `/identity/v3/users/${sim.userId}/application_credentials`, {
      token,
    });
    expect(listed.json.application_credentials.map((c: { name: string }) => c.name).sort()).toEqual([
      'ci',
      'overcast-simulator',
    ]);
    expect(listed.json.application_credentials[0]).not.toHaveProperty('secret');
    expect(
      (
        await call(sim, 'DELETE', `/identity/v3/users/${sim.userId}/application_credentials/${cred.id}`, {
          token,
        })
      ).status,
    ).toBe(204);
  });

  it('lists the catalog, regions, services and endpoints', async () => {
    const token = await projectToken(sim);
    const catalog = await call(sim, 'GET', '/identity/v3/auth/catalog', { token });
    expect(catalog.json.catalog).toHaveLength(6);
    const regions = await call(sim, 'GET', '/identity/v3/regions', { token });
    expect(regions.json.regions.map((r: { id: string }) => r.id)).toEqual(['RegionOne', 'RegionTwo']);
    const services = await call(sim, 'GET', '/identity/v3/services?type=volumev3', { token });
    expect(services.json.services).toEqual([expect.objectContaining({ type: 'volumev3', name: 'cinderv3' })]);
    const endpoints = await call(sim, 'GET', '/identity/v3/endpoints?interface=internal', { token });
    expect(endpoints.json.endpoints).toHaveLength(12);
    expect(endpoints.json.endpoints).toContainEqual(
      expect.objectContaining({ url: `${sim.url}/volume/v3/$(project_id)s`, region_id: 'RegionOne' }),
    );
    const projects = await call(sim, 'GET', '/identity/v3/auth/projects', { token });
    expect(projects.json.projects.map((p: { name: string }) => p.name)).toEqual(['admin']);
  });
});
