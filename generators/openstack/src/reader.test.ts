import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { OperationIr } from './ir.js';
import { readMetadata } from './metadata.js';
import { readService, serviceFromSpec, versionPrefixOf, wireInput } from './reader.js';
import {
  SAMPLE_ENTRY,
  SAMPLE_METADATA,
  SAMPLE_SPEC,
  sampleSchemaDir,
  VERSIONED_SPEC,
} from './test-support.js';

const service = await readService(sampleSchemaDir(), SAMPLE_ENTRY);

function find(method: string, path: string, action?: string): OperationIr {
  const found = service.operations.find(
    (op) => op.method === method && op.path === path && op.action?.name === action,
  );
  if (!found) throw new Error(`no ${method} ${path} ${action ?? ''}`);
  return found;
}

describe('the reader', () => {
  it('reads the service and its version prefix', () => {
    expect(service).toMatchObject({
      type: 'compute',
      property: 'compute',
      specFile: 'compute/v2.96.yaml',
      title: 'Sample Compute API',
      apiVersion: '2.96',
      versionPrefix: '/v2.1',
      microversion: { header: 'compute', legacyHeader: 'X-OpenStack-Nova-API-Version', max: '2.96' },
      names: { 'GET /v2.1/': 'getCurrentVersion' },
    });
    expect(
      service.operations.map((op) => `${op.method} ${op.path}${op.action ? `#${op.action.name}` : ''}`),
    ).toEqual([
      'GET /',
      'GET /servers',
      'POST /servers',
      'GET /servers/{id}',
      'DELETE /servers/{id}',
      'POST /servers/{id}/action#reboot',
      'POST /servers/{id}/action#os-start',
      'POST /servers/{id}/action#lock',
      'POST /servers/{id}/action#os-getConsoleOutput',
      'GET /images',
      'PATCH /images/{image_id}',
      'GET /images/{image_id}/file',
      'PUT /images/{image_id}/file',
      'GET /networks',
      'GET /auth/tokens',
    ]);
    expect(versionPrefixOf(['/', '/v3', '/v3/projects', '/v2.0/x'])).toBe('/v3');
  });

  it('folds a project-prefixed path into its twin', () => {
    expect(find('GET', '/servers').alsoAt).toEqual(['/{project_id}/servers']);
  });

  it('reads lists, next links, query parameters and field microversions', () => {
    const list = find('GET', '/servers');
    expect(list.list).toEqual({ key: 'servers', nextLink: 'servers_links' });
    expect(list.queryParams).toEqual([
      { name: 'name', required: false, type: 'string' },
      { name: 'locked', required: false, type: 'string', microversion: { min: '2.73' } },
      { name: 'tags', required: false, type: 'array', array: 'csv' },
      { name: 'tag', required: false, type: 'array', array: 'multi' },
    ]);
    expect(list.response).toEqual({
      contentType: 'application/json',
      encoding: 'json',
      type: "components['schemas']['ServersList']",
      key: 'servers',
      fields: { locked: { min: '2.9' } },
    });
    expect(list.naming).toEqual({ resource: 'server', operation: 'list', type: 'list' });
    expect(find('GET', '/images').list).toEqual({ key: 'images', nextLink: 'next' });
    expect(find('GET', '/networks').list).toEqual({ key: 'networks', nextLink: 'links' });
  });

  it('reads microversion branches of a body, its wrapper key and what lies beside it', () => {
    const create = find('POST', '/servers');
    expect(create.request).toEqual({
      contentType: 'application/json',
      encoding: 'json',
      type: "components['schemas']['ServersCreateRequest']",
      key: 'server',
      siblings: ['os:scheduler_hints'],
      versions: [{ min: '2.0', max: '2.18' }, { min: '2.19' }],
      branchTypes: [
        "components['schemas']['ServersCreate_20']",
        "components['schemas']['ServersCreate_219']",
      ],
      fields: { description: { min: '2.19' }, hostname: { min: '2.90' } },
      required: true,
    });
    // Two answers, one with the server and one without: the key is the request's.
    expect(create.response).toMatchObject({ key: 'server' });
    expect(find('GET', '/servers/{id}').response).toMatchObject({
      key: 'server',
      fields: { locked: { min: '2.9' } },
    });
  });

  it('reads the microversion branches of an answer, each with its type, and nested field ranges', () => {
    const versioned = serviceFromSpec(SAMPLE_ENTRY, 'compute/v2.96.yaml', VERSIONED_SPEC);
    const answer = (path: string) =>
      versioned.operations.find((op) => op.method === 'GET' && op.path === path)?.response;
    expect(answer('/servers/{id}/diagnostics')).toEqual({
      contentType: 'application/json',
      encoding: 'json',
      type: "components['schemas']['Diagnostics']",
      key: 'diagnostics',
      versions: [{ min: '2.0', max: '2.47' }, { min: '2.48' }],
      branchTypes: ["components['schemas']['Diagnostics_20']", "components['schemas']['Diagnostics_248']"],
      // Each branch's fields within the branch's range.
      fields: {
        cpu0_time: { min: '2.0', max: '2.47' },
        cpu_details: { min: '2.48' },
        'cpu_details[].time': { min: '2.48' },
      },
    });
    expect(answer('/servers/{id}')?.fields).toEqual({
      locked: { min: '2.9' },
      'flavor.id': { max: '2.46' },
      'flavor.links': { max: '2.46' },
      'flavor.links[].href': { max: '2.46' },
      'flavor.vcpus': { min: '2.47' },
      tags: { min: '2.26' },
    });
    // An answer that is no `oneOf` by microversion has no branches.
    expect(answer('/servers/{id}')).not.toHaveProperty('versions');
  });

  it('splits an action body into one operation per action', () => {
    expect(find('POST', '/servers/{id}/action', 'reboot')).toMatchObject({
      summary: 'Reboot Server (reboot Action)',
      request: { key: 'reboot', type: "components['schemas']['Reboot']", required: true },
      naming: { resource: 'server', operation: 'reboot', type: 'action' },
    });
    expect(find('POST', '/servers/{id}/action', 'reboot').response).toBeUndefined();
    expect(find('POST', '/servers/{id}/action', 'os-start').request).toMatchObject({
      key: 'os-start',
      empty: true,
    });
    expect(find('POST', '/servers/{id}/action', 'lock')).toMatchObject({
      microversion: { min: '2.73' },
      request: { key: 'lock', required: false },
    });
    expect(find('POST', '/servers/{id}/action', 'os-getConsoleOutput').response).toMatchObject({
      type: "components['schemas']['ConsoleOutputResponse']",
    });
  });

  it('reads binary, JSON-patch, header and flag parameters', () => {
    expect(find('PATCH', '/images/{image_id}').request).toMatchObject({ encoding: 'json-patch' });
    expect(find('GET', '/images/{image_id}/file').response).toMatchObject({ encoding: 'binary' });
    expect(find('PUT', '/images/{image_id}/file').request).toMatchObject({
      encoding: 'binary',
      contentType: 'application/octet-stream',
    });
    const tokens = find('GET', '/auth/tokens');
    expect(tokens.headerParams).toEqual([{ name: 'X-Subject-Token', required: true, type: 'string' }]);
    expect(tokens.queryParams).toEqual([{ name: 'nocatalog', required: false, type: 'null', flag: true }]);
    // The path parameter the path does not hold is dropped.
    expect(find('GET', '/networks').pathParams).toEqual([]);
  });

  it('reads the finds of the metadata', () => {
    expect(service.finds).toEqual([
      {
        resource: 'server',
        listOperationId: 'servers:get',
        showOperationId: 'servers/id:get',
        nameField: 'name',
        nameFilter: true,
      },
    ]);
  });

  it('converts the wire types with openapi-typescript, fixing what it reads wrong', () => {
    expect(service.wire).toContain('export interface paths {');
    expect(service.wire).toContain('"servers/id/action:post": {');
    // Glance-style images: the declared fields keep their types beside open additional properties.
    expect(service.wireTypes['Image']).toEqual({
      fields: {
        id: { type: 'string', required: false },
        size: { type: 'number | null', required: false },
        '[key: string]': { type: 'unknown', required: false },
      },
    });
    // A constraint-only anyOf would make the whole type unknown.
    expect(service.wireTypes['Token']).toEqual({
      fields: { token: { type: '{ expires_at?: string; }', required: false } },
    });
    const input = wireInput(SAMPLE_SPEC) as typeof SAMPLE_SPEC;
    expect(input.components.schemas.Image.additionalProperties).toEqual({});
    expect('anyOf' in input.components.schemas.Token).toBe(false);
    // The spec itself is not changed.
    expect(SAMPLE_SPEC.components.schemas.Image.additionalProperties).toEqual({ type: 'string' });
  });

  it('keeps the IR plain JSON', () => {
    const { wire: _wire, ...rest } = service;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
  });
});

describe('what the reader refuses, naming the file and the operation', () => {
  const variant = (change: (spec: typeof SAMPLE_SPEC) => void): typeof SAMPLE_SPEC => {
    const spec = structuredClone(SAMPLE_SPEC);
    change(spec);
    return spec;
  };
  const read = (spec: object) => serviceFromSpec(SAMPLE_ENTRY, 'compute/v2.96.yaml', spec);

  it('an undeclared path parameter', () => {
    const spec = variant((s) => {
      (s.paths as Record<string, unknown>)['/v2.1/flavors/{flavor_id}'] = {
        get: { operationId: 'flavors/id:get', responses: {} },
      };
    });
    expect(() => read(spec)).toThrow(
      'GET /v2.1/flavors/{flavor_id}: path parameter {flavor_id} is not declared',
    );
  });

  it('an action branch without its name, or named twice', () => {
    const unnamed = variant((s) => {
      (s.components.schemas.Start as { 'x-openstack': object })['x-openstack'] = {};
    });
    expect(() => read(unnamed)).toThrow(/action oneOf\[1\]: an action branch needs x-openstack action-name/);
    const twice = variant((s) => {
      (s.components.schemas.Start as { 'x-openstack': object })['x-openstack'] = { 'action-name': 'reboot' };
    });
    expect(() => read(twice)).toThrow(/action "reboot" appears twice/);
  });

  it('a prefixed path without its twin', () => {
    const spec = variant((s) => {
      (s.paths as Record<string, unknown>)['/v2.1/{project_id}/flavors'] = {
        parameters: [{ in: 'path', name: 'project_id', required: true, schema: { type: 'string' } }],
        get: { operationId: 'project_id/flavors:get', responses: {} },
      };
    });
    expect(() => read(spec)).toThrow(
      'GET /v2.1/{project_id}/flavors: has the prefix /{project_id} but no twin at /flavors',
    );
  });

  it('a binary request the entry names, and only an existing one', () => {
    const entry = { ...SAMPLE_ENTRY, binaryRequests: ['PATCH /v2.1/images/{image_id}'] };
    const read = serviceFromSpec(entry, 'compute/v2.96.yaml', SAMPLE_SPEC);
    const patch = read.operations.find((op) => op.method === 'PATCH');
    expect(patch?.request).toMatchObject({ encoding: 'binary', contentType: 'application/octet-stream' });
    const wrong = { ...SAMPLE_ENTRY, binaryRequests: ['PUT /v2.1/nowhere'] };
    expect(() => serviceFromSpec(wrong, 'compute/v2.96.yaml', SAMPLE_SPEC)).toThrow(
      'binaryRequests: "PUT /v2.1/nowhere" matches no operation',
    );
  });

  it('a wrapper key the entry names where the spec gives none, and only for an existing operation', () => {
    const plain = serviceFromSpec(SAMPLE_ENTRY, 'compute/v2.96.yaml', SAMPLE_SPEC);
    expect(plain.operations.find((op) => op.method === 'PATCH')?.response?.key).toBeUndefined();
    const entry = { ...SAMPLE_ENTRY, wrappedBodies: { 'PATCH /v2.1/images/{image_id}': 'image' } };
    const patch = serviceFromSpec(entry, 'compute/v2.96.yaml', SAMPLE_SPEC).operations.find(
      (op) => op.method === 'PATCH',
    );
    expect(patch?.response?.key).toBe('image');
    // A JSON-patch request has no wrapper.
    expect(patch?.request?.key).toBeUndefined();
    const wrong = { ...SAMPLE_ENTRY, wrappedBodies: { 'PUT /v2.1/nowhere': 'x' } };
    expect(() => serviceFromSpec(wrong, 'compute/v2.96.yaml', SAMPLE_SPEC)).toThrow(
      'wrappedBodies: "PUT /v2.1/nowhere" matches no operation',
    );
  });

  it('an empty answer to a wrapped request: under the request key, typed as the item or the request', () => {
    const json = (schema: object) => ({ content: { 'application/json': { schema } } });
    const ok = (schema: object, status = '200') => ({ [status]: { description: 'Ok', ...json(schema) } });
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
    const user = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const spec = {
      openapi: '3.1.0',
      info: { title: 'Identity', version: '3.14' },
      paths: {
        '/v3/users': {
          post: {
            requestBody: json(ref('UsersPostRequest')),
            responses: ok(ref('UsersPostResponse'), '201'),
          },
        },
        '/v3/users/{user_id}': {
          parameters: [id('user_id')],
          get: { responses: ok(ref('UserGetResponse')) },
          patch: { responses: ok({ type: 'object' }) },
          delete: { responses: { '204': { description: 'Gone' } } },
        },
        '/v3/policies': {
          post: { requestBody: json(ref('Policy')), responses: ok({ type: 'object' }, '201') },
        },
        '/v3/limits': { get: { responses: ok({ type: 'object' }) } },
      },
      components: {
        schemas: {
          UsersPostRequest: {
            type: 'object',
            properties: { user: { type: 'object', properties: { name: { type: 'string' } } } },
            required: ['user'],
          },
          UsersPostResponse: { type: 'object', description: 'Response of the users:post operation' },
          UserGetResponse: { type: 'object', properties: { user } },
          Policy: { type: 'object', properties: { blob: { type: 'string' } } },
        },
      },
    };
    const entry = {
      type: 'identity',
      property: 'identity',
      wrappedBodies: { 'POST /v3/policies': 'policy' },
    };
    const ops = serviceFromSpec(entry, 'identity/v3.14.yaml', spec).operations;
    const op = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path);
    // A create answers the resource as its GET does (the request's value has no `id`).
    expect(op('POST', '/users')?.response).toEqual({
      contentType: 'application/json',
      encoding: 'json',
      type: "components['schemas']['UserGetResponse']",
      key: 'user',
    });
    // No GET of the item: the request's value, under the key the entry gives.
    expect(op('POST', '/policies')?.response).toMatchObject({
      type: "components['schemas']['Policy']",
      key: 'policy',
    });
    // An item's PATCH without a request key answers as its GET.
    expect(op('PATCH', '/users/{user_id}')?.response).toMatchObject({
      type: "components['schemas']['UserGetResponse']",
      key: 'user',
    });
    // Nothing to take it from: left as the spec gives it; no answer stays none.
    expect(op('GET', '/limits')?.response?.key).toBeUndefined();
    expect(op('DELETE', '/users/{user_id}')?.response).toBeUndefined();
  });

  it('a microversion that is not one', () => {
    const spec = variant((s) => {
      (s.components.schemas.Lock as { 'x-openstack': object })['x-openstack'] = {
        'action-name': 'lock',
        'min-ver': 'x',
      };
    });
    expect(() => read(spec)).toThrow(/x-openstack.min-ver: expected a version like "2.1", got "x"/);
  });

  it('a folder without exactly one spec, and malformed metadata', async () => {
    const dir = sampleSchemaDir();
    writeFileSync(join(dir, 'compute', 'v2.100.yaml'), stringify(SAMPLE_SPEC));
    await expect(readService(dir, SAMPLE_ENTRY)).rejects.toThrow(
      /expected exactly one OpenAPI spec \(\*\.yaml\) for the service "compute", found 2/,
    );
    expect(() => readMetadata({ resources: { 'network.port': { operations: {} } } }, 'compute')).toThrow(
      'resources["network.port"]: expected a "compute." resource',
    );
    const twice = structuredClone(SAMPLE_METADATA) as { resources: Record<string, { operations: object }> };
    (twice.resources['compute.server']?.operations as Record<string, unknown>)['again'] = {
      operation_id: 'servers:get',
      operation_type: 'list',
    };
    expect(() => readMetadata(twice, 'compute')).toThrow(/operation servers:get is named twice/);
  });
});
