/** The error taxonomy: the kind table, the server's message as openstacksdk extracts it, the families. */
import { readFileSync } from 'node:fs';
import {
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
} from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import {
  DuplicateResource,
  EndpointNotFound,
  ForbiddenError,
  HttpAuthError,
  HttpBadRequestError,
  HttpConflictError,
  HttpError,
  HttpNotFoundError,
  HttpPermissionError,
  HttpRateLimitError,
  httpErrorFrom,
  kindTableMarkdown,
  ResourceFailure,
  ResourceNotFound,
  ResourceTimeout,
  serverFault,
} from './errors.js';

const json = (status: number, body: unknown) => ({
  status,
  headers: { 'content-type': 'application/json', 'x-openstack-request-id': 'req-1234' },
  text: JSON.stringify(body),
  target: 'GET http://cloud/compute/v2.1/servers/x',
  service: 'compute',
});

describe('the kind table', () => {
  it.each([
    [400, HttpBadRequestError, BadRequestError],
    [401, HttpAuthError, AuthError],
    [403, HttpPermissionError, PermissionError],
    [404, HttpNotFoundError, NotFoundError],
    [406, HttpBadRequestError, BadRequestError],
    [409, HttpConflictError, ConflictError],
    [412, HttpConflictError, ConflictError],
    [429, HttpRateLimitError, RateLimitError],
    [410, HttpNotFoundError, NotFoundError],
  ])('%i is a %o', (status, Family, Kind) => {
    const error = httpErrorFrom(json(status, { itemNotFound: { message: 'gone', code: status } }));
    expect(error).toBeInstanceOf(Family);
    expect(error).toBeInstanceOf(Kind);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
  });

  it('leaves 5xx and redirects the plain HttpError, naming the Location it did not follow', () => {
    const server = httpErrorFrom(json(500, { computeFault: { message: 'boom' } }));
    expect(server.constructor).toBe(HttpError);
    expect(server.source).toBe('Server');
    const redirect = httpErrorFrom({
      status: 302,
      headers: { location: 'https://elsewhere.example/login' },
      text: '',
      target: 'GET http://cloud/compute/v2.1/servers',
    });
    expect(redirect.constructor).toBe(HttpError);
    expect(redirect.message).toContain('https://elsewhere.example/login');
  });

  it('exports ForbiddenError as openstacksdk names the 403 class', () => {
    expect(ForbiddenError).toBe(HttpPermissionError);
    expect(httpErrorFrom(json(403, { forbidden: { message: 'no' } }))).toBeInstanceOf(ForbiddenError);
  });

  it('is documented in the README as it is', () => {
    // Cells compared trimmed: a formatter may pad the README's columns.
    const rows = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|'),
        );
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(
      readme.indexOf('`KIND_TABLE` in `src/errors.ts`'),
      readme.indexOf('Each carries `status`'),
    );
    expect(rows(table)).toEqual(rows(kindTableMarkdown()));
  });
});

describe("the server's message, as openstacksdk extracts it", () => {
  it.each([
    [
      'Nova',
      { itemNotFound: { code: 404, message: 'Instance x could not be found.' } },
      'itemNotFound',
      'Instance x could not be found.',
    ],
    [
      'Keystone',
      {
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      },
      'Unauthorized',
      'The request you have made requires authentication.',
    ],
    [
      'Neutron',
      { NeutronError: { type: 'NetworkNotFound', message: 'Network x could not be found.', detail: '' } },
      'NetworkNotFound',
      'Network x could not be found.',
    ],
    [
      'Glance (JSON)',
      { message: 'No image found with ID x', code: '404 Not Found', title: 'Not Found' },
      'Not Found',
      'No image found with ID x',
    ],
    [
      'Ironic',
      { error_message: JSON.stringify({ faultstring: 'Node x not found' }) },
      undefined,
      'Node x not found',
    ],
  ])('%s', (_name, body, code, message) => {
    const fault = serverFault(json(404, body));
    expect(fault).toEqual({ message, code });
  });

  it('joins the messages of several faults with newlines', () => {
    expect(serverFault(json(400, { a: { message: 'one' }, b: { message: 'two' } })).message).toBe('one\ntwo');
  });

  it('strips the tags of an HTML page and joins its lines with ": "', () => {
    const fault = serverFault({
      status: 404,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      text: '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID x<br /><br />\n\n\n </body>\n</html>',
    });
    expect(fault.message).toBe('404 Not Found: No image found with ID x');
  });

  it('keeps a plain text answer (openstacksdk would keep only the reason phrase)', () => {
    expect(
      serverFault({ status: 503, headers: { 'content-type': 'text/plain' }, text: 'upstream down\n' })
        .message,
    ).toBe('upstream down');
  });

  it('falls back to the reason phrase for an empty body, and to the text for broken JSON', () => {
    expect(serverFault({ status: 409, headers: {}, text: '' }).message).toBe('Conflict');
    expect(
      serverFault({ status: 500, headers: { 'content-type': 'application/json' }, text: '{"a":' }).message,
    ).toBe('{"a":');
  });

  it('carries status, code, request id, method, URL, body and source', () => {
    const error = httpErrorFrom(
      json(404, { itemNotFound: { code: 404, message: 'Instance x could not be found.' } }),
    );
    expect(error).toMatchObject({
      status: 404,
      code: 'itemNotFound',
      serverMessage: 'Instance x could not be found.',
      requestId: 'req-1234',
      method: 'GET',
      url: 'http://cloud/compute/v2.1/servers/x',
      service: 'compute',
      source: 'Client',
    });
    expect(error.message).toBe(
      'GET http://cloud/compute/v2.1/servers/x failed: 404 Not Found: Instance x could not be found.',
    );
    expect(error.body).toContain('itemNotFound');
  });

  it("takes Nova's older x-compute-request-id when x-openstack-request-id is missing", () => {
    const error = httpErrorFrom({
      status: 500,
      headers: { 'x-compute-request-id': 'req-nova' },
      text: '',
      target: 'GET x',
    });
    expect(error.requestId).toBe('req-nova');
  });
});

describe('the errors the client derives from the cloud', () => {
  it('are HttpErrors of their kind', () => {
    expect(new EndpointNotFound('no endpoint')).toBeInstanceOf(NotFoundError);
    expect(new EndpointNotFound('no endpoint')).toBeInstanceOf(HttpError);
    expect(new ResourceNotFound('no image')).toBeInstanceOf(NotFoundError);
    expect(new DuplicateResource('two')).toBeInstanceOf(ConflictError);
    expect(new DuplicateResource('two')).toBeInstanceOf(HttpError);
    const failure = new ResourceFailure('server x went to ERROR', {
      resourceId: 'x',
      resourceStatus: 'ERROR',
    });
    expect(failure).toBeInstanceOf(ConflictError);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ name: 'ResourceFailure', resourceId: 'x', resourceStatus: 'ERROR' });
  });

  it('ResourceTimeout is a TimeoutError with the resource and its last status', () => {
    const timeout = new ResourceTimeout('too long', {
      timeoutMs: 10,
      resourceId: 'x',
      resourceStatus: 'BUILD',
    });
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({ timeoutMs: 10, resourceId: 'x', resourceStatus: 'BUILD' });
  });
});
