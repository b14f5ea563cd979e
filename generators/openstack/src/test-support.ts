/**
 * A small spec (and its metadata) with one of each thing the reader must understand, for the
 * reader's and the generator's tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ServiceEntry } from './services.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: object, status = '200') => ({ [status]: { description: 'Ok', ...json(schema) } });
const idParam = { $ref: '#/components/parameters/id' };

export const SAMPLE_ENTRY: ServiceEntry = {
  type: 'compute',
  property: 'compute',
  microversion: { header: 'compute', legacyHeader: 'X-OpenStack-Nova-API-Version' },
  twinPrefix: '/{project_id}',
  names: { 'GET /v2.1/': 'getCurrentVersion' },
};

export const SAMPLE_SPEC = {
  openapi: '3.1.0',
  info: { title: 'Sample Compute API', version: '2.96' },
  paths: {
    '/v2.1/': { get: { operationId: ':get', responses: ok(ref('Root')) } },
    '/v2.1/servers': {
      get: {
        operationId: 'servers:get',
        summary: 'List Servers',
        description: 'Lists servers. */ not the end of a comment',
        parameters: [
          { in: 'query', name: 'name', schema: { type: 'string' } },
          { in: 'query', name: 'locked', schema: { type: 'string' }, 'x-openstack': { 'min-ver': '2.73' } },
          { in: 'query', name: 'tags', schema: { type: 'array', items: { type: 'string' } }, explode: false },
          { in: 'query', name: 'tag', schema: { type: 'array', items: { type: 'string' } }, style: 'form' },
        ],
        responses: ok(ref('ServersList')),
      },
      post: {
        operationId: 'servers:post',
        summary: 'Create Server',
        requestBody: json(ref('ServersCreateRequest')),
        responses: ok(ref('ServersCreateResponse'), '202'),
      },
    },
    '/v2.1/{project_id}/servers': {
      parameters: [{ in: 'path', name: 'project_id', required: true, schema: { type: 'string' } }],
      get: { operationId: 'project_id/servers:get', responses: ok(ref('ServersList')) },
    },
    '/v2.1/servers/{id}': {
      parameters: [idParam],
      get: { operationId: 'servers/id:get', summary: 'Show Server', responses: ok(ref('ServerShow')) },
      delete: { operationId: 'servers/id:delete', responses: { '204': { description: 'Ok' } } },
    },
    '/v2.1/servers/{id}/action': {
      parameters: [idParam],
      post: {
        operationId: 'servers/id/action:post',
        requestBody: json({
          oneOf: [ref('Reboot'), ref('Start'), ref('Lock'), ref('ConsoleOutput')],
          'x-openstack': { discriminator: 'action' },
        }),
        responses: {
          '202': { description: 'Accepted' },
          '200': {
            description: 'Ok',
            ...json({ oneOf: [ref('ConsoleOutputResponse')] }),
          },
        },
      },
    },
    '/v2.1/images': {
      get: {
        operationId: 'images:get',
        parameters: [{ in: 'query', name: 'limit', schema: { type: 'integer' } }],
        responses: ok(ref('ImagesList')),
      },
    },
    '/v2.1/images/{image_id}': {
      parameters: [{ in: 'path', name: 'image_id', required: true, schema: { type: 'string' } }],
      patch: {
        operationId: 'images/image_id:patch',
        requestBody: {
          content: { 'application/openstack-images-v2.1-json-patch': { schema: { type: 'string' } } },
        },
        responses: ok(ref('Image')),
      },
    },
    '/v2.1/images/{image_id}/file': {
      parameters: [{ in: 'path', name: 'image_id', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'images/image_id/file:get',
        responses: ok({ type: 'string', format: 'binary' }),
      },
      put: {
        operationId: 'images/image_id/file:put',
        requestBody: {
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: { '204': { description: 'Ok' } },
      },
    },
    '/v2.1/networks': {
      get: {
        operationId: 'networks:get',
        // A path parameter the path does not hold (network's lists declare one): dropped.
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
        responses: ok(ref('NetworksList')),
      },
    },
    '/v2.1/auth/tokens': {
      get: {
        operationId: 'auth/tokens:get',
        parameters: [
          { in: 'header', name: 'X-Subject-Token', required: true, schema: { type: 'string' } },
          { in: 'query', name: 'nocatalog', schema: { type: 'null' }, 'x-openstack': { 'is-flag': true } },
        ],
        responses: ok(ref('Token')),
      },
    },
  },
  components: {
    parameters: { id: { in: 'path', name: 'id', required: true, schema: { type: 'string' } } },
    schemas: {
      Root: {
        type: 'object',
        properties: { version: { type: 'object', properties: { id: { type: 'string' } } } },
      },
      Server: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          locked: { type: 'boolean', 'x-openstack': { 'min-ver': '2.9' } },
        },
      },
      ServersList: {
        type: 'object',
        properties: {
          servers: { type: 'array', items: ref('Server') },
          servers_links: {
            type: 'array',
            items: { type: 'object', properties: { href: { type: 'string' } } },
          },
        },
      },
      ServerShow: { type: 'object', properties: { server: ref('Server') } },
      ServersCreateRequest: {
        oneOf: [ref('ServersCreate_20'), ref('ServersCreate_219')],
        'x-openstack': { discriminator: 'microversion' },
      },
      ServersCreate_20: {
        type: 'object',
        'x-openstack': { 'min-ver': '2.0', 'max-ver': '2.18' },
        properties: {
          server: {
            type: 'object',
            properties: { name: { type: 'string' }, imageRef: { type: 'string' } },
            required: ['name'],
          },
          'os:scheduler_hints': { type: 'object' },
        },
        required: ['server'],
      },
      ServersCreate_219: {
        type: 'object',
        'x-openstack': { 'min-ver': '2.19' },
        properties: {
          server: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              imageRef: { type: 'string' },
              description: { type: 'string' },
              hostname: { type: 'string', 'x-openstack': { 'min-ver': '2.90' } },
            },
            required: ['name'],
          },
          'os:scheduler_hints': { type: 'object' },
        },
        required: ['server'],
      },
      ServersCreateResponse: {
        oneOf: [
          { type: 'object', properties: { server: ref('Server') } },
          { type: 'object', properties: { reservation_id: { type: 'string' } } },
        ],
      },
      Reboot: {
        type: 'object',
        summary: 'Reboot Server (reboot Action)',
        properties: {
          reboot: {
            type: 'object',
            properties: { type: { type: 'string', enum: ['HARD', 'SOFT'] } },
            required: ['type'],
          },
        },
        required: ['reboot'],
        'x-openstack': { 'action-name': 'reboot' },
      },
      Start: {
        type: 'object',
        properties: { 'os-start': { type: 'null' } },
        'x-openstack': { 'action-name': 'os-start' },
      },
      Lock: {
        type: 'object',
        properties: {
          lock: { type: ['object', 'null'], properties: { locked_reason: { type: 'string' } } },
        },
        'x-openstack': { 'action-name': 'lock', 'min-ver': '2.73' },
      },
      ConsoleOutput: {
        type: 'object',
        properties: {
          'os-getConsoleOutput': { type: 'object', properties: { length: { type: 'integer' } } },
        },
        'x-openstack': { 'action-name': 'os-getConsoleOutput' },
      },
      ConsoleOutputResponse: {
        type: 'object',
        properties: { output: { type: 'string' } },
        'x-openstack': { 'action-name': 'os-getConsoleOutput' },
      },
      Image: {
        type: 'object',
        properties: { id: { type: 'string' }, size: { type: ['integer', 'null'] } },
        additionalProperties: { type: 'string' },
      },
      ImagesList: {
        type: 'object',
        properties: { images: { type: 'array', items: ref('Image') }, next: { type: 'string' } },
      },
      NetworksList: {
        type: 'object',
        properties: {
          networks: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
          links: { type: 'array', items: { type: 'object' } },
        },
      },
      Token: {
        type: 'object',
        properties: { token: { type: 'object', properties: { expires_at: { type: 'string' } } } },
        anyOf: [{ required: ['token'] }, { required: ['token'] }],
      },
    },
  },
};

export const SAMPLE_METADATA = {
  resources: {
    'compute.server': {
      operations: {
        list: { operation_id: 'servers:get', operation_type: 'list' },
        create: { operation_id: 'servers:post', operation_type: 'create' },
        show: { operation_id: 'servers/id:get', operation_type: 'show' },
        delete: { operation_id: 'servers/id:delete', operation_type: 'delete' },
        reboot: {
          operation_id: 'servers/id/action:post',
          operation_type: 'action',
          targets: { 'rust-sdk': { operation_name: 'reboot' } },
        },
        find: {
          operation_id: 'servers:get',
          operation_type: 'find',
          targets: { 'rust-sdk': { name_field: 'name', name_filter_supported: true } },
        },
      },
    },
    // Names an operation the spec does not have: ignored, as upstream's metadata does for cinder.
    'compute.extension': {
      operations: { show: { operation_id: 'extensions/id:get', operation_type: 'show' } },
    },
  },
};

/** A schema folder holding the sample spec (`compute/v2.96.yaml`) and its metadata. */
export function sampleSchemaDir(spec: object = SAMPLE_SPEC): string {
  const dir = mkdtempSync(join(tmpdir(), 'openstack-schema-'));
  mkdirSync(join(dir, 'compute'));
  mkdirSync(join(dir, 'metadata'));
  writeFileSync(join(dir, 'compute', 'v2.96.yaml'), stringify(spec));
  writeFileSync(join(dir, 'metadata', 'compute_metadata.yaml'), stringify(SAMPLE_METADATA));
  return dir;
}
