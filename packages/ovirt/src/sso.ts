/**
 * oVirt SSO: the password grant at `/ovirt-engine/sso/oauth/token` (scope `ovirt-app-api`) and the
 * token revocation at `/ovirt-engine/services/sso-logout`, with the engine's JSON error shapes.
 */
import { DecodeError, type HttpClient, type HttpResponse, type RetryPolicy } from '@overcast/runtime';
import { redirectError } from './answers.js';
import { kindOf, ovirtError, requestFacts, targetFacts } from './errors.js';

const SCOPE = 'ovirt-app-api';
const JSON_CONTENT = /^\s*(application|text)\/json\s*(;.*)?$/i;

export interface SsoSettings {
  tokenUrl: string;
  revokeUrl: string;
  /** The JSON field holding the token (default `access_token`). */
  tokenName: string;
}

/** The default SSO endpoints of the engine that serves `apiUrl`. */
export function defaultSso(apiUrl: URL): SsoSettings {
  return {
    tokenUrl: `${apiUrl.origin}/ovirt-engine/sso/oauth/token`,
    revokeUrl: `${apiUrl.origin}/ovirt-engine/services/sso-logout`,
    tokenName: 'access_token',
  };
}

export async function requestToken(
  http: HttpClient,
  sso: SsoSettings,
  credentials: { username: string; password: string },
  signal?: AbortSignal,
  retry?: RetryPolicy,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'password',
    scope: SCOPE,
    username: credentials.username,
    password: credentials.password,
  });
  // Asking for a token again is harmless, so a read's retry policy covers its sign-in too.
  const { json, response } = await ssoExchange(http, sso.tokenUrl, body, 'authentication', signal, retry);
  const token = json[sso.tokenName];
  if (typeof token !== 'string' || token === '') {
    throw ovirtError('auth', `Error during SSO authentication: the answer has no ${sso.tokenName}`, {
      status: response.status,
      ...facts(response),
    });
  }
  return token;
}

export async function revokeToken(http: HttpClient, sso: SsoSettings, token: string): Promise<void> {
  await ssoExchange(http, sso.revokeUrl, new URLSearchParams({ scope: SCOPE, token }), 'revoke');
}

async function ssoExchange(
  http: HttpClient,
  url: string,
  form: URLSearchParams,
  what: string,
  signal?: AbortSignal,
  retry?: RetryPolicy,
): Promise<{ json: Record<string, unknown>; response: HttpResponse }> {
  const response = await http.request({
    method: 'POST',
    url,
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    ...(signal === undefined ? {} : { signal }),
    ...(retry === undefined ? {} : { retry }),
  });
  if (response.status >= 300 && response.status < 400) throw redirectError(response, `SSO ${what}`);
  const json = ssoJson(response, url);
  if (json.error !== undefined) {
    // OpenID form: error + error_description; older engines: error_code + error.
    const [code, text] =
      json.error_description !== undefined
        ? [json.error, json.error_description]
        : [json.error_code, json.error];
    throw ovirtError(
      kindOf(response.status, true),
      `Error during SSO ${what} ${String(code)} : ${String(text)}`,
      {
        status: response.status,
        code: String(code),
        serverMessage: String(text),
        body: response.body,
        ...facts(response),
      },
    );
  }
  if (response.status >= 400) {
    throw ovirtError(
      kindOf(response.status, true),
      `Error during SSO ${what}: HTTP response code is ${response.status}`,
      {
        status: response.status,
        body: response.body,
        ...facts(response),
      },
    );
  }
  return { json, response };
}

/** Method, redacted URL and the correlation id, should the SSO service send one. */
function facts(response: HttpResponse) {
  const requestId = response.header('correlation-id');
  return requestFacts({ ...targetFacts(response.target), ...(requestId === undefined ? {} : { requestId }) });
}

function ssoJson(response: HttpResponse, url: string): Record<string, unknown> {
  const contentType = response.header('content-type') ?? '';
  // Strict UTF-8: a body that is not is a DecodeError naming the offset.
  const text = response.body;
  if (!JSON_CONTENT.test(contentType)) {
    const kind = response.status >= 400 ? kindOf(response.status, true) : 'api';
    throw ovirtError(kind, `The response content type '${contentType}' from ${url} isn't the expected JSON`, {
      status: response.status,
      body: text,
      ...facts(response),
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DecodeError(`The SSO answer from ${url} is not JSON`, { cause: error });
  }
  // The engine may answer a list; the first element is the answer.
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'object' || first === null)
    throw new DecodeError(`The SSO answer from ${url} is not an object`);
  return first as Record<string, unknown>;
}
