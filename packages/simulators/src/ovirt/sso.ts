/**
 * The engine's single sign-on service: the OAuth password grant that hands out bearer tokens, the
 * logout that revokes them, and the bearer check every API request goes through.
 *
 * Errors are JSON objects with `error_code` and `error`, the form the Python SDK reads as
 * `Error during SSO authentication <error_code> : <error>`.
 */
import { randomBytes } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';

/** One engine user. */
export interface OvirtUser {
  /** With its profile, e.g. `admin@internal`. */
  username: string;
  password: string;
}

const SCOPE = 'ovirt-app-api';

export class SsoService {
  readonly #passwords: Map<string, string>;
  /** Live token → user name. */
  readonly #tokens = new Map<string, string>();

  constructor(users: readonly OvirtUser[]) {
    this.#passwords = new Map(users.map(({ username, password }) => [username, password]));
  }

  /** `POST /ovirt-engine/sso/oauth/token`. */
  token(request: SimulatorRequest): SimulatorResponse {
    if (request.method !== 'POST')
      return ssoError(405, 'invalid_request', 'The token endpoint accepts POST only.');
    const form = formOf(request);
    const grant = form.get('grant_type');
    if (grant !== 'password') {
      return ssoError(400, 'unsupported_grant_type', `Unsupported grant type '${grant ?? ''}'.`);
    }
    if (!(form.get('scope') ?? '').split(' ').includes(SCOPE)) {
      return ssoError(400, 'invalid_scope', `The requested scope must include '${SCOPE}'.`);
    }
    const username = form.get('username') ?? '';
    const password = form.get('password');
    if (password === null || this.#passwords.get(username) !== password) {
      return ssoError(
        400,
        'access_denied',
        `Cannot authenticate user '${username}': The username or password is incorrect..`,
      );
    }
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, username);
    return json(200, {
      access_token: token,
      scope: SCOPE,
      exp: String(Date.now() + 10 * 60 * 60 * 1000),
      token_type: 'bearer',
    });
  }

  /** `POST /ovirt-engine/services/sso-logout`: revokes `token`; unknown tokens are already gone. */
  logout(request: SimulatorRequest): SimulatorResponse {
    const form = formOf(request);
    const token = form.get('token') ?? request.query.get('token');
    if (token !== null) this.#tokens.delete(token);
    return json(200, {});
  }

  /** The user behind a request's `Authorization: Bearer` token, or undefined. */
  userOf(request: SimulatorRequest): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return match?.[1] === undefined ? undefined : this.#tokens.get(match[1]);
  }

  /** Forgets every token, as when they expire: clients must sign in again. */
  expireTokens(): void {
    this.#tokens.clear();
  }
}

/** The answer to an API request without a valid token: 401 from the web container, no XML. */
export function unauthorized(): SimulatorResponse {
  return {
    status: 401,
    headers: { 'content-type': 'text/html;charset=UTF-8', 'www-authenticate': 'Bearer realm="RESTAPI"' },
    body: '<html><head><title>Error</title></head><body>Unauthorized</body></html>',
  };
}

function formOf(request: SimulatorRequest): URLSearchParams {
  return new URLSearchParams(request.text);
}

function ssoError(status: number, code: string, message: string): SimulatorResponse {
  return json(status, { error_code: code, error: message });
}

function json(status: number, value: unknown): SimulatorResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
