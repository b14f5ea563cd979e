/**
 * Keystone v3 under `/identity`: version discovery, tokens (password, token and application
 * credential methods; project, domain, system and unscoped scopes; validation and revocation),
 * the catalog, and enough of domains, projects, users, roles, role assignments, application
 * credentials, regions, services and endpoints for identity calls. Errors are Keystone's
 * `{"error": {"code", "title", "message"}}`.
 */
import type { SimulatorRequest, SimulatorResponse } from '../types.js';
import { buildCatalog, CATALOG_SERVICES, endpointList, serviceId } from './catalog.js';
import {
  ApiFault,
  empty,
  hexId,
  isoMicros,
  json,
  jsonBody,
  member,
  optionalString,
  parseBoolean,
  requiredString,
} from './common.js';
import type { CloudContext, ServiceCall, ServiceRoute } from './context.js';
import {
  type AppCredRecord,
  type AssignmentTarget,
  type DomainRecord,
  type IdentityState,
  type ProjectRecord,
  type RoleRecord,
  type Scope,
  type TokenRecord,
  type UserRecord,
  unauthorized,
} from './identity-state.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
};

/** Keystone's error body. */
export function keystoneError(status: number, message: string): SimulatorResponse {
  return json(status, { error: { code: status, title: TITLES[status] ?? 'Error', message } });
}

export function identityFault(fault: ApiFault, _request: SimulatorRequest): SimulatorResponse {
  const response = keystoneError(fault.status, fault.message);
  return { ...response, headers: { ...response.headers, ...fault.headers } };
}

const VERSION_UPDATED = '2020-04-07T00:00:00Z';

function versionDocument(base: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: VERSION_UPDATED,
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

function notFound(kind: string, id: string): ApiFault {
  return new ApiFault(404, `Could not find ${kind}: ${id}.`);
}

function forbidden(action: string): ApiFault {
  return new ApiFault(403, `You are not authorized to perform the requested action: identity:${action}.`);
}

function requireAdmin(call: ServiceCall, action: string): void {
  if (!call.auth.admin) throw forbidden(action);
}

function badInput(field: string, problem: string): ApiFault {
  return new ApiFault(400, `Invalid input for field '${field}': ${problem}`);
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw badInput(field, `${JSON.stringify(value)} is not of type 'array'`);
  return value as string[];
}

function booleanField(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw badInput(field, `${JSON.stringify(value)} is not of type 'boolean'`);
  return value;
}

/** `?enabled=` as Keystone reads it: anything but a false spelling is true. */
function queryFlag(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  return parseBoolean(value) ?? true;
}

function listLinks(call: ServiceCall) {
  return {
    self: `${call.base}${call.request.path.slice(call.request.path.indexOf('/v3'))}`,
    previous: null,
    next: null,
  };
}

/** Fields every view leaves to the caller: whatever extra attributes were stored. */
const RESERVED = new Set(['id', 'links']);

function extraOf(input: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!known.includes(key) && !RESERVED.has(key)) extra[key] = value;
  }
  return extra;
}

export function identityRoutes(cloud: CloudContext): ServiceRoute[] {
  const state = cloud.identity;

  const domainView = (domain: DomainRecord, base: string) => ({
    id: domain.id,
    name: domain.name,
    description: domain.description,
    enabled: domain.enabled,
    tags: domain.tags,
    options: {},
    links: { self: `${base}/v3/domains/${domain.id}` },
  });
  const projectView = (project: ProjectRecord, base: string) => ({
    ...project.extra,
    id: project.id,
    name: project.name,
    domain_id: project.domainId,
    description: project.description,
    enabled: project.enabled,
    parent_id: project.parentId,
    is_domain: false,
    tags: project.tags,
    options: {},
    links: { self: `${base}/v3/projects/${project.id}` },
  });
  const userView = (user: UserRecord, base: string) => ({
    ...user.extra,
    id: user.id,
    name: user.name,
    domain_id: user.domainId,
    enabled: user.enabled,
    password_expires_at: null,
    options: {},
    ...(user.defaultProjectId === undefined ? {} : { default_project_id: user.defaultProjectId }),
    ...(user.description === undefined ? {} : { description: user.description }),
    links: { self: `${base}/v3/users/${user.id}` },
  });
  const roleView = (role: RoleRecord, base: string) => ({
    id: role.id,
    name: role.name,
    domain_id: role.domainId,
    ...(role.description === undefined ? {} : { description: role.description }),
    options: {},
    links: { self: `${base}/v3/roles/${role.id}` },
  });
  const roleRef = (id: string) => {
    const role = state.roles.get(id);
    return { id, name: role?.name ?? id, domain_id: role?.domainId ?? null };
  };
  const appCredView = (cred: AppCredRecord, base: string, withSecret: boolean) => ({
    id: cred.id,
    name: cred.name,
    description: cred.description,
    user_id: cred.userId,
    project_id: cred.projectId,
    expires_at: cred.expiresAt === null ? null : isoMicros(cred.expiresAt),
    unrestricted: cred.unrestricted,
    roles: cred.roleIds.map(roleRef),
    access_rules: [],
    ...(withSecret ? { secret: cred.secret } : {}),
    links: { self: `${base}/v3/users/${cred.userId}/application_credentials/${cred.id}` },
  });
  const domainRefView = (id: string) => ({ id, name: state.domains.get(id)?.name ?? id });

  const tokenView = (token: TokenRecord, withCatalog: boolean) => {
    const user = state.users.get(token.userId);
    const body: Record<string, unknown> = {
      methods: token.methods,
      user: {
        domain: domainRefView(user?.domainId ?? ''),
        id: token.userId,
        name: user?.name ?? '',
        password_expires_at: null,
      },
      audit_ids: token.auditIds,
      expires_at: isoMicros(token.expiresAt),
      issued_at: isoMicros(token.issuedAt),
    };
    const scope = token.scope;
    if (scope.kind === 'project') {
      const project = state.projects.get(scope.projectId);
      body.project = {
        domain: domainRefView(project?.domainId ?? ''),
        id: scope.projectId,
        name: project?.name ?? '',
      };
      body.is_domain = false;
    } else if (scope.kind === 'domain') {
      body.domain = domainRefView(scope.domainId);
    } else if (scope.kind === 'system') {
      body.system = { all: true };
    }
    if (scope.kind !== 'unscoped') {
      body.roles = state.tokenRoles(token).map((id) => ({ id, name: state.roles.get(id)?.name ?? id }));
      if (withCatalog) {
        body.catalog = buildCatalog(
          cloud.url(),
          cloud.regionNames,
          (region) => cloud.prefixOf(region),
          scope.kind === 'project' ? scope.projectId : undefined,
        );
      }
    }
    if (token.appCredId !== undefined) {
      const cred = state.appCreds.get(token.appCredId);
      body.application_credential = {
        id: token.appCredId,
        name: cred?.name,
        restricted: !cred?.unrestricted,
      };
    }
    return { token: body };
  };

  /** The user a password / application-credential body names by `{id}` or `{name, domain}`. */
  const userRef = (ref: unknown): UserRecord | undefined => {
    if (ref === null || typeof ref !== 'object') return undefined;
    const { id, name, domain } = ref as { id?: unknown; name?: unknown; domain?: unknown };
    if (typeof id === 'string') return state.users.get(id);
    if (typeof name !== 'string') return undefined;
    const found = state.domainRef(domain);
    if (found === undefined) return undefined;
    return state.users.find((user) => user.name === name && user.domainId === found.id);
  };

  const authenticate = (call: ServiceCall): SimulatorResponse => {
    const body = jsonBody(call.request);
    if (body.auth === undefined) throw badInput('auth', "'auth' is a required property");
    const auth = member(body, 'auth');
    if (auth.identity === undefined) throw badInput('identity', "'identity' is a required property");
    const identity = member(auth, 'identity');
    const methods = stringList(identity.methods, 'identity/methods');
    if (methods.length === 0) throw badInput('identity/methods', '[] is too short');

    let userId: string | undefined;
    let inherit: TokenRecord | undefined;
    let appCred: AppCredRecord | undefined;
    const agree = (id: string) => {
      if (userId !== undefined && userId !== id) throw unauthorized();
      userId = id;
    };
    for (const method of methods) {
      const data = identity[method];
      if (data === null || typeof data !== 'object')
        throw badInput(method, `'${method}' is a required property`);
      if (method === 'password') {
        const { user: ref } = data as { user?: Record<string, unknown> };
        const user = userRef(ref);
        if (user === undefined || !user.enabled || user.password === undefined) throw unauthorized();
        if (ref?.password !== user.password) throw unauthorized();
        agree(user.id);
      } else if (method === 'token') {
        const token = state.valid(optionalString((data as { id?: unknown }).id, 'token/id'));
        if (token === undefined) throw unauthorized();
        agree(token.userId);
        inherit = token;
      } else if (method === 'application_credential') {
        const { id, name, secret, user: ref } = data as Record<string, unknown>;
        const cred =
          typeof id === 'string'
            ? state.appCreds.get(id)
            : typeof name === 'string'
              ? state.appCreds.find((c) => c.name === name && c.userId === userRef(ref)?.id)
              : undefined;
        if (cred === undefined || cred.secret !== secret) throw unauthorized();
        if (cred.expiresAt !== null && cred.expiresAt.getTime() <= cloud.now().getTime())
          throw unauthorized();
        const user = state.users.get(cred.userId);
        if (user === undefined || !user.enabled) throw unauthorized();
        agree(user.id);
        appCred = cred;
      } else {
        throw unauthorized('Attempted to authenticate with an unsupported method.');
      }
    }
    if (userId === undefined) throw unauthorized();

    const scope = resolveScope(state, auth.scope, userId, inherit, appCred);
    const token = state.issue(userId, methods, scope, {
      ...(appCred ? { appCredId: appCred.id } : {}),
      ...(inherit ? { inherit } : {}),
    });
    const withCatalog = !call.request.query.has('nocatalog');
    return json(201, tokenView(token, withCatalog), { 'X-Subject-Token': token.id });
  };

  const subject = (call: ServiceCall): TokenRecord => {
    const header = call.request.headers['x-subject-token'];
    const id = Array.isArray(header) ? header[0] : header;
    if (id === undefined) throw new ApiFault(400, 'Expecting to find X-Subject-Token in request headers.');
    const token = state.valid(id);
    if (token === undefined) throw notFound('token', id);
    return token;
  };

  const project = (id: string) => {
    const found = state.projects.get(id);
    if (found === undefined) throw notFound('project', id);
    return found;
  };
  const user = (id: string) => {
    const found = state.users.get(id);
    if (found === undefined) throw notFound('user', id);
    return found;
  };
  const role = (id: string) => {
    const found = state.roles.get(id);
    if (found === undefined) throw notFound('role', id);
    return found;
  };
  const domain = (id: string) => {
    const found = state.domains.get(id);
    if (found === undefined) throw notFound('domain', id);
    return found;
  };
  const selfOrAdmin = (call: ServiceCall, userId: string, action: string) => {
    if (call.auth.userId !== userId && !call.auth.admin) throw forbidden(action);
  };

  const assignmentRoutes = (kind: 'project' | 'domain'): ServiceRoute[] => {
    const collection = kind === 'project' ? 'projects' : 'domains';
    const idParam = `${kind}_id`;
    const target = (call: ServiceCall): AssignmentTarget => {
      const id = call.params[idParam] as string;
      if (kind === 'project') return { project: project(id).id };
      return { domain: domain(id).id };
    };
    const base = `/v3/${collection}/{${idParam}}/users/{user_id}/roles`;
    return [
      {
        method: 'GET',
        template: base,
        handle: (call) => {
          requireAdmin(call, `list_grants`);
          const roles = state.directRoles(user(call.params.user_id as string).id, target(call));
          return json(200, {
            roles: roles.map((id) => roleView(role(id), call.base)),
            links: listLinks(call),
          });
        },
      },
      {
        method: 'PUT',
        template: `${base}/{role_id}`,
        handle: (call) => {
          requireAdmin(call, 'create_grant');
          state.assign(
            user(call.params.user_id as string).id,
            role(call.params.role_id as string).id,
            target(call),
          );
          return empty(204);
        },
      },
      {
        method: 'HEAD',
        template: `${base}/{role_id}`,
        handle: (call) => {
          requireAdmin(call, 'check_grant');
          const roles = state.directRoles(user(call.params.user_id as string).id, target(call));
          const roleId = role(call.params.role_id as string).id;
          if (!roles.includes(roleId)) throw notFound('role assignment', roleId);
          return empty(204);
        },
      },
      {
        method: 'DELETE',
        template: `${base}/{role_id}`,
        handle: (call) => {
          requireAdmin(call, 'revoke_grant');
          const userId = user(call.params.user_id as string).id;
          const roleId = role(call.params.role_id as string).id;
          if (!state.unassign(userId, roleId, target(call))) throw notFound('role assignment', roleId);
          return empty(204);
        },
      },
    ];
  };

  return [
    ...['', '/'].map(
      (template): ServiceRoute => ({
        method: 'GET',
        template,
        auth: false,
        handle: (call) => json(300, { versions: { values: [versionDocument(call.base)] } }),
      }),
    ),
    ...['/v3', '/v3/'].map(
      (template): ServiceRoute => ({
        method: 'GET',
        template,
        auth: false,
        handle: (call) => json(200, { version: versionDocument(call.base) }),
      }),
    ),
    { method: 'POST', template: '/v3/auth/tokens', auth: false, handle: authenticate },
    {
      method: 'GET',
      template: '/v3/auth/tokens',
      handle: (call) => {
        const token = subject(call);
        return json(200, tokenView(token, !call.request.query.has('nocatalog')), {
          'X-Subject-Token': token.id,
        });
      },
    },
    {
      method: 'HEAD',
      template: '/v3/auth/tokens',
      handle: (call) => {
        const token = subject(call);
        return empty(200, { 'X-Subject-Token': token.id });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/auth/tokens',
      handle: (call) => {
        subject(call).revoked = true;
        return empty(204);
      },
    },
    {
      method: 'GET',
      template: '/v3/auth/catalog',
      handle: (call) => {
        const scope = call.auth.token.scope;
        if (scope.kind === 'unscoped')
          throw new ApiFault(403, 'A scoped token is required to get a catalog.');
        const catalog = buildCatalog(
          cloud.url(),
          cloud.regionNames,
          (r) => cloud.prefixOf(r),
          call.auth.projectId,
        );
        return json(200, { catalog, links: listLinks(call) });
      },
    },
    {
      method: 'GET',
      template: '/v3/auth/projects',
      handle: (call) => {
        const ids = new Set(
          state.assignments
            .list((a) => a.userId === call.auth.userId && 'project' in a.target)
            .map((a) => (a.target as { project: string }).project),
        );
        const projects = state.projects.list((p) => ids.has(p.id) && p.enabled);
        return json(200, {
          projects: projects.map((p) => projectView(p, call.base)),
          links: listLinks(call),
        });
      },
    },
    {
      method: 'GET',
      template: '/v3/auth/domains',
      handle: (call) => {
        const ids = new Set(
          state.assignments
            .list((a) => a.userId === call.auth.userId && 'domain' in a.target)
            .map((a) => (a.target as { domain: string }).domain),
        );
        const domains = state.domains.list((d) => ids.has(d.id) && d.enabled);
        return json(200, { domains: domains.map((d) => domainView(d, call.base)), links: listLinks(call) });
      },
    },
    {
      method: 'GET',
      template: '/v3/auth/system',
      handle: (call) => {
        const has = state.directRoles(call.auth.userId, { system: 'all' }).length > 0;
        return json(200, { system: has ? [{ all: true }] : [], links: listLinks(call) });
      },
    },

    // Domains
    {
      method: 'GET',
      template: '/v3/domains',
      handle: (call) => {
        requireAdmin(call, 'list_domains');
        const { query } = call.request;
        const name = query.get('name');
        const enabled = queryFlag(query.get('enabled'));
        const domains = state.domains.list(
          (d) => (name === null || d.name === name) && (enabled === undefined || d.enabled === enabled),
        );
        return json(200, { domains: domains.map((d) => domainView(d, call.base)), links: listLinks(call) });
      },
    },
    {
      method: 'POST',
      template: '/v3/domains',
      handle: (call) => {
        requireAdmin(call, 'create_domain');
        const input = member(jsonBody(call.request), 'domain');
        const name = requiredString(input.name, 'name');
        if (state.domains.find((d) => d.name === name))
          throw new ApiFault(
            409,
            `Conflict occurred attempting to store domain - Duplicate entry found with name ${name}.`,
          );
        const created = state.domains.add({
          id: optionalString(input.explicit_domain_id, 'explicit_domain_id') ?? hexId(),
          name,
          description: optionalString(input.description, 'description') ?? '',
          enabled: booleanField(input.enabled, 'enabled', true),
          tags: stringList(input.tags, 'tags'),
        });
        return json(201, { domain: domainView(created, call.base) });
      },
    },
    {
      method: 'GET',
      template: '/v3/domains/{domain_id}',
      handle: (call) => {
        const found = domain(call.params.domain_id as string);
        if (!call.auth.admin && call.auth.token.scope.kind !== 'domain') throw forbidden('get_domain');
        return json(200, { domain: domainView(found, call.base) });
      },
    },
    {
      method: 'PATCH',
      template: '/v3/domains/{domain_id}',
      handle: (call) => {
        requireAdmin(call, 'update_domain');
        const found = domain(call.params.domain_id as string);
        const input = member(jsonBody(call.request), 'domain');
        if (input.name !== undefined) found.name = requiredString(input.name, 'name');
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        if (input.enabled !== undefined) found.enabled = booleanField(input.enabled, 'enabled', true);
        if (input.tags !== undefined) found.tags = stringList(input.tags, 'tags');
        return json(200, { domain: domainView(found, call.base) });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/domains/{domain_id}',
      handle: (call) => {
        requireAdmin(call, 'delete_domain');
        const found = domain(call.params.domain_id as string);
        if (found.enabled)
          throw new ApiFault(403, 'Cannot delete a domain that is enabled, please disable it first.');
        for (const p of state.projects.list((p) => p.domainId === found.id)) state.projects.delete(p.id);
        for (const u of state.users.list((u) => u.domainId === found.id)) state.users.delete(u.id);
        state.domains.delete(found.id);
        return empty(204);
      },
    },

    // Projects
    {
      method: 'GET',
      template: '/v3/projects',
      handle: (call) => {
        requireAdmin(call, 'list_projects');
        const { query } = call.request;
        const name = query.get('name');
        const domainId = query.get('domain_id');
        const parentId = query.get('parent_id');
        const enabled = queryFlag(query.get('enabled'));
        const isDomain = queryFlag(query.get('is_domain'));
        if (isDomain === true) return json(200, { projects: [], links: listLinks(call) });
        const projects = state.projects.list(
          (p) =>
            (name === null || p.name === name) &&
            (domainId === null || p.domainId === domainId) &&
            (parentId === null || p.parentId === parentId) &&
            (enabled === undefined || p.enabled === enabled),
        );
        return json(200, {
          projects: projects.map((p) => projectView(p, call.base)),
          links: listLinks(call),
        });
      },
    },
    {
      method: 'POST',
      template: '/v3/projects',
      handle: (call) => {
        requireAdmin(call, 'create_project');
        const input = member(jsonBody(call.request), 'project');
        const name = requiredString(input.name, 'name');
        const parentId = optionalString(input.parent_id, 'parent_id');
        const parent = parentId === undefined ? undefined : state.projects.get(parentId);
        if (parentId !== undefined && parent === undefined && !state.domains.has(parentId))
          throw notFound('project', parentId);
        const domainId =
          optionalString(input.domain_id, 'domain_id') ??
          parent?.domainId ??
          (call.auth.token.scope.kind === 'domain' ? call.auth.token.scope.domainId : undefined) ??
          state.projects.get(call.auth.projectId ?? '')?.domainId ??
          'default';
        if (!state.domains.has(domainId)) throw notFound('domain', domainId);
        if (state.projects.find((p) => p.name === name && p.domainId === domainId))
          throw new ApiFault(
            409,
            `Conflict occurred attempting to store project - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
          );
        const created = state.projects.add({
          id: hexId(),
          name,
          domainId,
          parentId: parent?.id ?? domainId,
          description: optionalString(input.description, 'description') ?? '',
          enabled: booleanField(input.enabled, 'enabled', true),
          tags: stringList(input.tags, 'tags'),
          extra: extraOf(input, [
            'name',
            'domain_id',
            'parent_id',
            'description',
            'enabled',
            'tags',
            'is_domain',
            'options',
          ]),
        });
        return json(201, { project: projectView(created, call.base) });
      },
    },
    {
      method: 'GET',
      template: '/v3/projects/{project_id}',
      handle: (call) => {
        const found = project(call.params.project_id as string);
        if (!call.auth.admin && call.auth.projectId !== found.id) throw forbidden('get_project');
        return json(200, { project: projectView(found, call.base) });
      },
    },
    {
      method: 'PATCH',
      template: '/v3/projects/{project_id}',
      handle: (call) => {
        requireAdmin(call, 'update_project');
        const found = project(call.params.project_id as string);
        const input = member(jsonBody(call.request), 'project');
        if (input.name !== undefined) {
          const name = requiredString(input.name, 'name');
          if (
            state.projects.find((p) => p.name === name && p.domainId === found.domainId && p.id !== found.id)
          )
            throw new ApiFault(
              409,
              `Conflict occurred attempting to store project - Duplicate entry found with name ${name} at domain ID ${found.domainId}.`,
            );
          found.name = name;
        }
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        if (input.enabled !== undefined) found.enabled = booleanField(input.enabled, 'enabled', true);
        if (input.tags !== undefined) found.tags = stringList(input.tags, 'tags');
        Object.assign(
          found.extra,
          extraOf(input, [
            'name',
            'domain_id',
            'parent_id',
            'description',
            'enabled',
            'tags',
            'is_domain',
            'options',
          ]),
        );
        return json(200, { project: projectView(found, call.base) });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/projects/{project_id}',
      handle: (call) => {
        requireAdmin(call, 'delete_project');
        const found = project(call.params.project_id as string);
        if (state.projects.find((p) => p.parentId === found.id))
          throw new ApiFault(
            403,
            `Cannot delete the project ${found.id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`,
          );
        state.projects.delete(found.id);
        for (const a of state.assignments.list((a) => 'project' in a.target && a.target.project === found.id))
          state.assignments.delete(a.id);
        return empty(204);
      },
    },
    ...assignmentRoutes('project'),
    ...assignmentRoutes('domain'),

    // Users
    {
      method: 'GET',
      template: '/v3/users',
      handle: (call) => {
        requireAdmin(call, 'list_users');
        const { query } = call.request;
        const name = query.get('name');
        const domainId = query.get('domain_id');
        const enabled = queryFlag(query.get('enabled'));
        const users = state.users.list(
          (u) =>
            (name === null || u.name === name) &&
            (domainId === null || u.domainId === domainId) &&
            (enabled === undefined || u.enabled === enabled),
        );
        return json(200, { users: users.map((u) => userView(u, call.base)), links: listLinks(call) });
      },
    },
    {
      method: 'POST',
      template: '/v3/users',
      handle: (call) => {
        requireAdmin(call, 'create_user');
        const input = member(jsonBody(call.request), 'user');
        const name = requiredString(input.name, 'name');
        const domainId = optionalString(input.domain_id, 'domain_id') ?? 'default';
        if (!state.domains.has(domainId)) throw notFound('domain', domainId);
        if (state.users.find((u) => u.name === name && u.domainId === domainId))
          throw new ApiFault(
            409,
            `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
          );
        const defaultProjectId = optionalString(input.default_project_id, 'default_project_id');
        if (defaultProjectId !== undefined) project(defaultProjectId);
        const created = state.users.add({
          id: hexId(),
          name,
          domainId,
          password: optionalString(input.password, 'password'),
          enabled: booleanField(input.enabled, 'enabled', true),
          defaultProjectId,
          description: optionalString(input.description, 'description'),
          extra: extraOf(input, [
            'name',
            'domain_id',
            'password',
            'enabled',
            'default_project_id',
            'description',
            'options',
          ]),
        });
        return json(201, { user: userView(created, call.base) });
      },
    },
    {
      method: 'GET',
      template: '/v3/users/{user_id}',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        selfOrAdmin(call, found.id, 'get_user');
        return json(200, { user: userView(found, call.base) });
      },
    },
    {
      method: 'PATCH',
      template: '/v3/users/{user_id}',
      handle: (call) => {
        requireAdmin(call, 'update_user');
        const found = user(call.params.user_id as string);
        const input = member(jsonBody(call.request), 'user');
        if (input.name !== undefined) found.name = requiredString(input.name, 'name');
        if (input.password !== undefined) found.password = optionalString(input.password, 'password');
        if (input.enabled !== undefined) found.enabled = booleanField(input.enabled, 'enabled', true);
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description');
        if (input.default_project_id !== undefined)
          found.defaultProjectId = optionalString(input.default_project_id, 'default_project_id');
        Object.assign(
          found.extra,
          extraOf(input, [
            'name',
            'domain_id',
            'password',
            'enabled',
            'default_project_id',
            'description',
            'options',
          ]),
        );
        return json(200, { user: userView(found, call.base) });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/users/{user_id}',
      handle: (call) => {
        requireAdmin(call, 'delete_user');
        const found = user(call.params.user_id as string);
        state.users.delete(found.id);
        for (const a of state.assignments.list((a) => a.userId === found.id)) state.assignments.delete(a.id);
        for (const c of state.appCreds.list((c) => c.userId === found.id)) state.appCreds.delete(c.id);
        return empty(204);
      },
    },
    {
      method: 'GET',
      template: '/v3/users/{user_id}/projects',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        selfOrAdmin(call, found.id, 'list_user_projects');
        const ids = new Set(
          state.assignments
            .list((a) => a.userId === found.id && 'project' in a.target)
            .map((a) => (a.target as { project: string }).project),
        );
        const projects = state.projects.list((p) => ids.has(p.id));
        return json(200, {
          projects: projects.map((p) => projectView(p, call.base)),
          links: listLinks(call),
        });
      },
    },

    // Application credentials
    {
      method: 'GET',
      template: '/v3/users/{user_id}/application_credentials',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        selfOrAdmin(call, found.id, 'list_application_credentials');
        const name = call.request.query.get('name');
        const creds = state.appCreds.list((c) => c.userId === found.id && (name === null || c.name === name));
        return json(200, {
          application_credentials: creds.map((c) => appCredView(c, call.base, false)),
          links: listLinks(call),
        });
      },
    },
    {
      method: 'POST',
      template: '/v3/users/{user_id}/application_credentials',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        if (call.auth.userId !== found.id) throw forbidden('create_application_credential');
        const projectId = call.auth.projectId;
        if (projectId === undefined)
          throw new ApiFault(400, 'Application credentials require a project-scoped token.');
        if (call.auth.token.appCredId !== undefined) {
          const current = state.appCreds.get(call.auth.token.appCredId);
          if (current !== undefined && !current.unrestricted)
            throw new ApiFault(
              403,
              "You are not authorized to perform the requested action: Using method 'application_credential' is not allowed for managing additional application credentials.",
            );
        }
        const input = member(jsonBody(call.request), 'application_credential');
        const name = requiredString(input.name, 'name');
        if (state.appCreds.find((c) => c.userId === found.id && c.name === name))
          throw new ApiFault(
            409,
            `Conflict occurred attempting to store application_credential - Duplicate entry.`,
          );
        const tokenRoles = state.tokenRoles(call.auth.token);
        let roleIds = state.directRoles(found.id, { project: projectId });
        if (Array.isArray(input.roles)) {
          roleIds = (input.roles as { id?: string; name?: string }[]).map((ref) => {
            const match =
              (ref.id !== undefined && state.roles.get(ref.id)) ||
              (ref.name !== undefined && state.roles.find((r) => r.name === ref.name));
            if (!match) throw notFound('role', ref.id ?? ref.name ?? '');
            if (!tokenRoles.includes(match.id))
              throw new ApiFault(
                403,
                `You are not authorized to perform the requested action: Cannot create an application credential with unassigned role.`,
              );
            return match.id;
          });
        }
        const expires = optionalString(input.expires_at, 'expires_at');
        const created = state.appCreds.add({
          id: hexId(),
          name,
          userId: found.id,
          projectId,
          secret: optionalString(input.secret, 'secret') ?? state.newAppCredSecret(),
          description: optionalString(input.description, 'description') ?? null,
          expiresAt: expires === undefined ? null : new Date(expires.endsWith('Z') ? expires : `${expires}Z`),
          roleIds,
          unrestricted: booleanField(input.unrestricted, 'unrestricted', false),
        });
        return json(201, { application_credential: appCredView(created, call.base, true) });
      },
    },
    {
      method: 'GET',
      template: '/v3/users/{user_id}/application_credentials/{application_credential_id}',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        selfOrAdmin(call, found.id, 'get_application_credential');
        const id = call.params.application_credential_id as string;
        const cred = state.appCreds.get(id);
        if (cred === undefined || cred.userId !== found.id) throw notFound('application credential', id);
        return json(200, { application_credential: appCredView(cred, call.base, false) });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/users/{user_id}/application_credentials/{application_credential_id}',
      handle: (call) => {
        const found = user(call.params.user_id as string);
        selfOrAdmin(call, found.id, 'delete_application_credential');
        const id = call.params.application_credential_id as string;
        const cred = state.appCreds.get(id);
        if (cred === undefined || cred.userId !== found.id) throw notFound('application credential', id);
        state.appCreds.delete(id);
        return empty(204);
      },
    },

    // Roles
    {
      method: 'GET',
      template: '/v3/roles',
      handle: (call) => {
        requireAdmin(call, 'list_roles');
        const name = call.request.query.get('name');
        const roles = state.roles.list((r) => name === null || r.name === name);
        return json(200, { roles: roles.map((r) => roleView(r, call.base)), links: listLinks(call) });
      },
    },
    {
      method: 'POST',
      template: '/v3/roles',
      handle: (call) => {
        requireAdmin(call, 'create_role');
        const input = member(jsonBody(call.request), 'role');
        const name = requiredString(input.name, 'name');
        const domainId = optionalString(input.domain_id, 'domain_id') ?? null;
        if (state.roles.find((r) => r.name === name && r.domainId === domainId))
          throw new ApiFault(
            409,
            `Conflict occurred attempting to store role - Duplicate entry found with name ${name}.`,
          );
        const created = state.roles.add({
          id: hexId(),
          name,
          domainId,
          description: optionalString(input.description, 'description'),
        });
        return json(201, { role: roleView(created, call.base) });
      },
    },
    {
      method: 'GET',
      template: '/v3/roles/{role_id}',
      handle: (call) => {
        requireAdmin(call, 'get_role');
        return json(200, { role: roleView(role(call.params.role_id as string), call.base) });
      },
    },
    {
      method: 'DELETE',
      template: '/v3/roles/{role_id}',
      handle: (call) => {
        requireAdmin(call, 'delete_role');
        const found = role(call.params.role_id as string);
        state.roles.delete(found.id);
        for (const a of state.assignments.list((a) => a.roleId === found.id)) state.assignments.delete(a.id);
        state.implies.delete(found.id);
        return empty(204);
      },
    },
    {
      method: 'GET',
      template: '/v3/role_assignments',
      handle: (call) => {
        const { query } = call.request;
        const userId = query.get('user.id');
        if (!call.auth.admin && userId !== call.auth.userId) throw forbidden('list_role_assignments');
        const projectId = query.get('scope.project.id');
        const domainId = query.get('scope.domain.id');
        const roleId = query.get('role.id');
        const names = query.has('include_names');
        const assignments = state.assignments.list(
          (a) =>
            (userId === null || a.userId === userId) &&
            (roleId === null || a.roleId === roleId) &&
            (projectId === null || ('project' in a.target && a.target.project === projectId)) &&
            (domainId === null || ('domain' in a.target && a.target.domain === domainId)),
        );
        const view = assignments.map((a) => {
          const scope =
            'project' in a.target
              ? {
                  project: {
                    id: a.target.project,
                    ...(names ? { name: state.projects.get(a.target.project)?.name } : {}),
                  },
                }
              : 'domain' in a.target
                ? {
                    domain: {
                      id: a.target.domain,
                      ...(names ? { name: state.domains.get(a.target.domain)?.name } : {}),
                    },
                  }
                : { system: { all: true } };
          return {
            role: { id: a.roleId, ...(names ? { name: state.roles.get(a.roleId)?.name } : {}) },
            user: { id: a.userId, ...(names ? { name: state.users.get(a.userId)?.name } : {}) },
            scope,
            links: {
              assignment: `${call.base}/v3/${'project' in a.target ? `projects/${a.target.project}` : 'domain' in a.target ? `domains/${a.target.domain}` : 'system'}/users/${a.userId}/roles/${a.roleId}`,
            },
          };
        });
        return json(200, { role_assignments: view, links: listLinks(call) });
      },
    },

    // Regions, services, endpoints (read-only)
    {
      method: 'GET',
      template: '/v3/regions',
      handle: (call) =>
        json(200, {
          regions: cloud.regionNames.map((id) => ({
            id,
            description: '',
            parent_region_id: null,
            links: { self: `${call.base}/v3/regions/${id}` },
          })),
          links: listLinks(call),
        }),
    },
    {
      method: 'GET',
      template: '/v3/regions/{region_id}',
      handle: (call) => {
        const id = call.params.region_id as string;
        if (!cloud.regionNames.includes(id)) throw notFound('region', id);
        return json(200, {
          region: {
            id,
            description: '',
            parent_region_id: null,
            links: { self: `${call.base}/v3/regions/${id}` },
          },
        });
      },
    },
    {
      method: 'GET',
      template: '/v3/services',
      handle: (call) => {
        const type = call.request.query.get('type');
        const services = CATALOG_SERVICES.filter((s) => type === null || s.type === type).map((s) => ({
          id: serviceId(s.type),
          type: s.type,
          name: s.name,
          enabled: true,
          links: { self: `${call.base}/v3/services/${serviceId(s.type)}` },
        }));
        return json(200, { services, links: listLinks(call) });
      },
    },
    {
      method: 'GET',
      template: '/v3/endpoints',
      handle: (call) => {
        const { query } = call.request;
        const face = query.get('interface');
        const service = query.get('service_id');
        const region = query.get('region_id');
        const endpoints = endpointList(cloud.url(), cloud.regionNames, (r) => cloud.prefixOf(r))
          .filter(
            (e) =>
              (face === null || e.interface === face) &&
              (service === null || e.service_id === service) &&
              (region === null || e.region_id === region),
          )
          .map((e) => ({ ...e, links: { self: `${call.base}/v3/endpoints/${e.id}` } }));
        return json(200, { endpoints, links: listLinks(call) });
      },
    },
  ];
}

/** The scope a token request asks for, checked against the user's role assignments. */
function resolveScope(
  state: IdentityState,
  requested: unknown,
  userId: string,
  inherit: TokenRecord | undefined,
  appCred: AppCredRecord | undefined,
): Scope {
  if (appCred !== undefined) {
    if (requested !== undefined && requested !== null) {
      const scope = requested as { project?: { id?: string } };
      if (scope.project?.id !== appCred.projectId) throw unauthorized();
    }
    return { kind: 'project', projectId: appCred.projectId };
  }
  if (requested === 'unscoped') return { kind: 'unscoped' };
  if (requested === undefined || requested === null) {
    if (inherit !== undefined) return inherit.scope;
    const user = state.users.get(userId);
    const projectId = user?.defaultProjectId;
    if (projectId !== undefined && state.projects.get(projectId)?.enabled) {
      if (state.directRoles(userId, { project: projectId }).length > 0) return { kind: 'project', projectId };
    }
    return { kind: 'unscoped' };
  }
  if (typeof requested !== 'object') throw badInput('scope', `${JSON.stringify(requested)} is not valid`);
  const keys = Object.keys(requested);
  if (keys.length !== 1)
    throw badInput('scope', 'only one of project, domain, system or OS-TRUST:trust may be given');
  const scope = requested as Record<string, unknown>;
  if (scope.project !== undefined) {
    const ref = scope.project as { id?: unknown; name?: unknown; domain?: unknown };
    let project: ProjectRecord | undefined;
    if (typeof ref.id === 'string') project = state.projects.get(ref.id);
    else if (typeof ref.name === 'string') {
      const domain = state.domainRef(ref.domain);
      if (domain === undefined) throw unauthorized();
      project = state.projects.find((p) => p.name === ref.name && p.domainId === domain.id);
    } else throw badInput('scope/project', "either 'id' or 'name' is required");
    if (project === undefined || !project.enabled) throw unauthorized();
    if (state.directRoles(userId, { project: project.id }).length === 0) throw unauthorized();
    return { kind: 'project', projectId: project.id };
  }
  if (scope.domain !== undefined) {
    const domain = state.domainRef(scope.domain);
    if (domain === undefined || !domain.enabled) throw unauthorized();
    if (state.directRoles(userId, { domain: domain.id }).length === 0) throw unauthorized();
    return { kind: 'domain', domainId: domain.id };
  }
  if (scope.system !== undefined) {
    if ((scope.system as { all?: unknown }).all !== true)
      throw badInput('scope/system', "'all' must be true");
    if (state.directRoles(userId, { system: 'all' }).length === 0) throw unauthorized();
    return { kind: 'system' };
  }
  if (scope['OS-TRUST:trust'] !== undefined) throw unauthorized();
  throw badInput('scope', `unknown scope ${keys[0]}`);
}
