/**
 * Keystone's state: domains, projects, users, roles (with the implied roles `keystone-manage
 * bootstrap` sets up: admin → member → reader), role assignments, application credentials and
 * tokens. Seeded from the accepted credentials: each becomes a user with the admin role on its
 * project (the first one also on the system), plus a `demo` user with `member` on `demo`.
 */
import { randomBytes } from 'node:crypto';
import { ApiFault, hexId, stableHexId, Table } from './common.js';

/** One user the simulator accepts, in the shape of openstacksdk's `auth` (camelCase) plus the region. */
export interface OpenStackCredentials {
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  /** The region a client is pointed at (not part of authentication). Default `RegionOne`. */
  regionName?: string;
}

/** An application credential a client can authenticate with (`applicationCredentialId` + secret). */
export interface ApplicationCredentialFixture {
  id: string;
  name: string;
  secret: string;
}

export interface DomainRecord {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
}

export interface ProjectRecord {
  id: string;
  name: string;
  domainId: string;
  parentId: string;
  description: string;
  enabled: boolean;
  tags: string[];
  extra: Record<string, unknown>;
}

export interface UserRecord {
  id: string;
  name: string;
  domainId: string;
  password: string | undefined;
  enabled: boolean;
  defaultProjectId: string | undefined;
  description: string | undefined;
  extra: Record<string, unknown>;
}

export interface RoleRecord {
  id: string;
  name: string;
  domainId: string | null;
  description: string | undefined;
}

export type AssignmentTarget = { project: string } | { domain: string } | { system: 'all' };

export interface AssignmentRecord {
  id: string;
  userId: string;
  roleId: string;
  target: AssignmentTarget;
}

export interface AppCredRecord {
  id: string;
  name: string;
  userId: string;
  projectId: string;
  secret: string;
  description: string | null;
  expiresAt: Date | null;
  roleIds: string[];
  unrestricted: boolean;
}

export type Scope =
  | { kind: 'project'; projectId: string }
  | { kind: 'domain'; domainId: string }
  | { kind: 'system' }
  | { kind: 'unscoped' };

export interface TokenRecord {
  /** The token itself (what `X-Subject-Token` carries). */
  id: string;
  userId: string;
  methods: string[];
  scope: Scope;
  issuedAt: Date;
  expiresAt: Date;
  auditIds: string[];
  appCredId: string | undefined;
  revoked: boolean;
}

export const DEFAULT_DOMAIN_ID = 'default';

/** The user a simulator accepts when no `credentials` are given. Not a secret: a test fixture. */
export const DEFAULT_OPENSTACK_CREDENTIALS: Readonly<Required<OpenStackCredentials>> = Object.freeze({
  username: 'admin',
  password: 'overcast-simulator-password',
  projectName: 'admin',
  userDomainName: 'Default',
  projectDomainName: 'Default',
  regionName: 'RegionOne',
});

/** The seeded application credential of the first user. Not a secret: a test fixture. */
export const DEFAULT_APPLICATION_CREDENTIAL: Readonly<ApplicationCredentialFixture> = Object.freeze({
  id: stableHexId('application-credential:overcast-simulator'),
  name: 'overcast-simulator',
  secret: 'overcast-simulator-application-credential-secret',
});

/** The non-admin user seeded beside the credentials. Not a secret: a test fixture. */
export const DEMO_USER = Object.freeze({ username: 'demo', password: 'overcast-simulator-demo-password' });

export class IdentityState {
  readonly domains = new Table<DomainRecord>();
  readonly projects = new Table<ProjectRecord>();
  readonly users = new Table<UserRecord>();
  readonly roles = new Table<RoleRecord>();
  readonly assignments = new Table<AssignmentRecord>();
  readonly appCreds = new Table<AppCredRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Implied roles: prior role id → implied role ids. */
  readonly implies = new Map<string, string[]>();

  constructor(
    private readonly credentials: readonly OpenStackCredentials[],
    private readonly now: () => Date,
    private readonly tokenLifetimeMs: number,
  ) {}

  reset(): void {
    for (const table of [
      this.domains,
      this.projects,
      this.users,
      this.roles,
      this.assignments,
      this.appCreds,
    ])
      table.clear();
    this.tokens.clear();
    this.implies.clear();
    this.domains.add({
      id: DEFAULT_DOMAIN_ID,
      name: 'Default',
      description: 'The default domain',
      enabled: true,
      tags: [],
    });
    const role = (name: string) =>
      this.roles.add({ id: stableHexId(`role:${name}`), name, domainId: null, description: undefined });
    const admin = role('admin');
    const memberRole = role('member');
    const reader = role('reader');
    role('service');
    this.implies.set(admin.id, [memberRole.id]);
    this.implies.set(memberRole.id, [reader.id]);

    this.credentials.forEach((credential, index) => {
      const userDomain = this.#seedDomain(credential.userDomainName);
      const projectDomain = this.#seedDomain(credential.projectDomainName);
      const project = this.#seedProject(credential.projectName, projectDomain.id);
      const user = this.#seedUser(credential.username, userDomain.id, credential.password, project.id);
      this.#assign(user.id, admin.id, { project: project.id });
      if (index === 0) {
        this.#assign(user.id, admin.id, { system: 'all' });
        this.#assign(user.id, admin.id, { domain: userDomain.id });
        this.appCreds.add({
          ...DEFAULT_APPLICATION_CREDENTIAL,
          userId: user.id,
          projectId: project.id,
          description: 'Seeded by the overcast simulator',
          expiresAt: null,
          roleIds: [admin.id],
          unrestricted: false,
        });
      }
    });
    this.#seedProject('service', DEFAULT_DOMAIN_ID);
    const demoProject = this.#seedProject('demo', DEFAULT_DOMAIN_ID);
    if (!this.users.find((user) => user.name === DEMO_USER.username && user.domainId === DEFAULT_DOMAIN_ID)) {
      const demo = this.#seedUser(DEMO_USER.username, DEFAULT_DOMAIN_ID, DEMO_USER.password, demoProject.id);
      this.#assign(demo.id, memberRole.id, { project: demoProject.id });
    }
  }

  #seedDomain(name: string): DomainRecord {
    const existing = this.domains.find((domain) => domain.name === name || domain.id === name);
    if (existing) return existing;
    return this.domains.add({
      id: stableHexId(`domain:${name}`),
      name,
      description: '',
      enabled: true,
      tags: [],
    });
  }

  #seedProject(name: string, domainId: string): ProjectRecord {
    const existing = this.projects.find((project) => project.name === name && project.domainId === domainId);
    if (existing) return existing;
    return this.projects.add({
      id: stableHexId(`project:${domainId}:${name}`),
      name,
      domainId,
      parentId: domainId,
      description: `Bootstrap project ${name}`,
      enabled: true,
      tags: [],
      extra: {},
    });
  }

  #seedUser(name: string, domainId: string, password: string, projectId: string): UserRecord {
    const existing = this.users.find((user) => user.name === name && user.domainId === domainId);
    if (existing) return existing;
    return this.users.add({
      id: stableHexId(`user:${domainId}:${name}`),
      name,
      domainId,
      password,
      enabled: true,
      defaultProjectId: projectId,
      description: undefined,
      extra: {},
    });
  }

  #assign(userId: string, roleId: string, target: AssignmentTarget): void {
    this.assign(userId, roleId, target);
  }

  assign(userId: string, roleId: string, target: AssignmentTarget): AssignmentRecord {
    const id = `${userId}:${roleId}:${JSON.stringify(target)}`;
    return this.assignments.get(id) ?? this.assignments.add({ id, userId, roleId, target });
  }

  unassign(userId: string, roleId: string, target: AssignmentTarget): boolean {
    return this.assignments.delete(`${userId}:${roleId}:${JSON.stringify(target)}`);
  }

  /** Role ids directly assigned to a user on a target. */
  directRoles(userId: string, target: AssignmentTarget): string[] {
    const key = JSON.stringify(target);
    return this.assignments
      .list((assignment) => assignment.userId === userId && JSON.stringify(assignment.target) === key)
      .map((assignment) => assignment.roleId);
  }

  /** Role ids with the roles they imply, each once, in order. */
  withImplied(roleIds: readonly string[]): string[] {
    const result: string[] = [];
    const visit = (id: string) => {
      if (result.includes(id)) return;
      result.push(id);
      for (const implied of this.implies.get(id) ?? []) visit(implied);
    };
    for (const id of roleIds) visit(id);
    return result.filter((id) => this.roles.has(id));
  }

  /** The domain a request names by `{id}` or `{name}`, or undefined. */
  domainRef(ref: unknown): DomainRecord | undefined {
    if (ref === null || typeof ref !== 'object') return undefined;
    const { id, name } = ref as { id?: unknown; name?: unknown };
    if (typeof id === 'string') return this.domains.get(id);
    if (typeof name === 'string') return this.domains.find((domain) => domain.name === name);
    return undefined;
  }

  /** Issues a token; `inherit` (token method) keeps the original's expiry and audit chain. */
  issue(
    userId: string,
    methods: string[],
    scope: Scope,
    options: { appCredId?: string; inherit?: TokenRecord } = {},
  ): TokenRecord {
    const issuedAt = this.now();
    const token: TokenRecord = {
      id: `gAAAAAB${randomBytes(132).toString('base64url')}`,
      userId,
      methods,
      scope,
      issuedAt,
      expiresAt: options.inherit?.expiresAt ?? new Date(issuedAt.getTime() + this.tokenLifetimeMs),
      auditIds: [
        randomBytes(16).toString('base64url').slice(0, 22),
        ...(options.inherit?.auditIds ?? []),
      ].slice(0, 2),
      appCredId: options.appCredId,
      revoked: false,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /**
   * The token if it is still good: issued here, not revoked or expired, its user, project and
   * application credential still there and enabled.
   */
  valid(id: string | undefined): TokenRecord | undefined {
    if (id === undefined) return undefined;
    const token = this.tokens.get(id);
    if (token === undefined || token.revoked) return undefined;
    if (token.expiresAt.getTime() <= this.now().getTime()) return undefined;
    const user = this.users.get(token.userId);
    if (user === undefined || !user.enabled) return undefined;
    if (token.scope.kind === 'project') {
      const project = this.projects.get(token.scope.projectId);
      if (project === undefined || !project.enabled) return undefined;
    }
    if (token.scope.kind === 'domain') {
      const domain = this.domains.get(token.scope.domainId);
      if (domain === undefined || !domain.enabled) return undefined;
    }
    if (token.appCredId !== undefined && !this.appCreds.has(token.appCredId)) return undefined;
    return token;
  }

  /** Role ids of a token (implied ones included). */
  tokenRoles(token: TokenRecord): string[] {
    if (token.appCredId !== undefined) {
      return this.withImplied(this.appCreds.get(token.appCredId)?.roleIds ?? []);
    }
    switch (token.scope.kind) {
      case 'project':
        return this.withImplied(this.directRoles(token.userId, { project: token.scope.projectId }));
      case 'domain':
        return this.withImplied(this.directRoles(token.userId, { domain: token.scope.domainId }));
      case 'system':
        return this.withImplied(this.directRoles(token.userId, { system: 'all' }));
      case 'unscoped':
        return [];
    }
  }

  isAdmin(token: TokenRecord): boolean {
    const admin = this.roles.find((role) => role.name === 'admin');
    return admin !== undefined && this.tokenRoles(token).includes(admin.id);
  }

  /** Makes every issued token invalid, as if it had expired. */
  expireTokens(): void {
    const past = new Date(this.now().getTime() - 1);
    for (const token of this.tokens.values()) token.expiresAt = past;
  }

  newAppCredSecret(): string {
    return randomBytes(48).toString('base64url');
  }

  newId(): string {
    return hexId();
  }
}

/** Keystone's 401 (every authentication failure looks the same from outside). */
export function unauthorized(message = 'The request you have made requires authentication.'): ApiFault {
  return new ApiFault(401, message);
}
