/**
 * A small spec (and its metadata) with one of each thing the reader must understand, for the
 * reader's and the generator's tests.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator } from '@overcast/generator-core';
import ts from 'typescript';
import { stringify } from 'yaml';
import { generator } from './generator.js';
import { readOpenStack } from './reader.js';
import type { ServiceEntry } from './services.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

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

/**
 * The sample with answers that differ by microversion: the server's `flavor` (its `id` and `links`
 * up to 2.46, its `vcpus` from 2.47) and `tags` (from 2.26), and `GET /servers/{id}/diagnostics`
 * answering a `oneOf` by microversion (`cpu0_time` up to 2.47, `cpu_details` from 2.48).
 */
export const VERSIONED_SPEC = versionedSpec();

function versionedSpec(): typeof SAMPLE_SPEC {
  const spec = structuredClone(SAMPLE_SPEC);
  const server = spec.components.schemas.Server.properties as Record<string, unknown>;
  server['flavor'] = {
    type: 'object',
    properties: {
      id: { type: 'string', 'x-openstack': { 'max-ver': '2.46' } },
      links: {
        type: 'array',
        'x-openstack': { 'max-ver': '2.46' },
        items: { type: 'object', properties: { href: { type: 'string' } } },
      },
      vcpus: { type: 'integer', 'x-openstack': { 'min-ver': '2.47' } },
    },
  };
  server['tags'] = { type: 'array', items: { type: 'string' }, 'x-openstack': { 'min-ver': '2.26' } };
  const diagnostics = (min: string | undefined, max: string | undefined, properties: object) => ({
    type: 'object',
    'x-openstack': { ...(min ? { 'min-ver': min } : {}), ...(max ? { 'max-ver': max } : {}) },
    properties: { diagnostics: { type: 'object', properties } },
  });
  Object.assign(spec.components.schemas, {
    Diagnostics: {
      oneOf: [ref('Diagnostics_20'), ref('Diagnostics_248')],
      'x-openstack': { discriminator: 'microversion' },
    },
    Diagnostics_20: diagnostics('2.0', '2.47', { cpu0_time: { type: 'integer' } }),
    Diagnostics_248: diagnostics('2.48', undefined, {
      cpu_details: { type: 'array', items: { type: 'object', properties: { time: { type: 'integer' } } } },
    }),
  });
  Object.assign(spec.paths, {
    '/v2.1/servers/{id}/diagnostics': {
      parameters: [idParam],
      get: { operationId: 'servers/id/diagnostics:get', responses: ok(ref('Diagnostics')) },
    },
  });
  return spec;
}

/** What a generator run over a sample spec wrote. */
export interface SampleRun {
  packageDir: string;
  /** The files under `src/generated`, by relative path. */
  files: Record<string, string>;
  digest: string;
}

/** Runs the generator over `spec` (the sample service only) into a fresh package folder. */
export async function generateSample(spec: object = SAMPLE_SPEC): Promise<SampleRun> {
  const root = mkdtempSync(join(tmpdir(), 'openstack-gen-'));
  const packageDir = join(root, 'openstack');
  mkdirSync(join(packageDir, 'src'), { recursive: true });
  writeFileSync(join(packageDir, 'package.json'), '{ "name": "@overcast/openstack" }\n');
  await runGenerator(
    { ...generator, read: (dir) => readOpenStack(dir, [SAMPLE_ENTRY]) },
    {
      packageDir,
      schemaDir: sampleSchemaDir(spec),
      schemaVersion: '2024-05-13',
      pinId: 'openstack@2024-05-13 (test)',
    },
  );
  const generated = join(packageDir, 'src', 'generated');
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(generated, '');
  return { packageDir, files, digest: readFileSync(join(packageDir, 'api-digest.json'), 'utf8') };
}

/** `source` type-checked as `src/<name>.ts` of a sample run, beside the package's operation-types.ts. */
export interface Checked {
  /** The errors in `source`, as `<line>: <message>` (lines from 1). */
  errors: string[];
  /** How the checker prints the type alias `name` declared in `source`. */
  aliasText(name: string): string;
}

export function typeCheck(run: SampleRun, name: string, source: string): Checked {
  const src = join(run.packageDir, 'src');
  copyFileSync(join(REPO, 'packages/openstack/src/operation-types.ts'), join(src, 'operation-types.ts'));
  const path = join(src, `${name}.ts`);
  writeFileSync(path, source);
  const program = ts.createProgram([path], {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    baseUrl: REPO,
    paths: { '@overcast/runtime/options': ['packages/runtime/src/options.ts'] },
  });
  const file = program.getSourceFile(path);
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName.startsWith(src))
    .map((diagnostic) => {
      const line =
        diagnostic.file && diagnostic.start !== undefined
          ? `${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
          : '';
      return line + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
  const checker = program.getTypeChecker();
  const aliasText = (alias: string) => {
    const statement = file?.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === alias);
    return statement
      ? checker.typeToString(checker.getTypeAtLocation((statement as ts.TypeAliasDeclaration).name))
      : '';
  };
  return { errors, aliasText };
}
