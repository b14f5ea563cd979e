import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerator } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import { generator } from './generator.js';

const schema = {
  count: 2,
  api: [
    {
      name: 'listZones',
      description: 'Lists zones. */ not the end',
      isasync: false,
      params: [
        { name: 'page', type: 'integer', required: false, length: 255, description: '' },
        { name: 'pagesize', type: 'integer', required: false, length: 255, description: '' },
        { name: 'available', type: 'boolean', required: false, length: 255, description: 'only available' },
        { name: 'tags', type: 'map', required: false, length: 255, description: '' },
      ],
      response: [
        { name: 'id', type: 'string', description: 'the id' },
        {
          name: 'capacity',
          type: 'list',
          description: '',
          response: [{ name: 'total', type: 'long', description: '' }],
        },
        {},
      ],
    },
    {
      name: 'deployVirtualMachine',
      description: 'Deploys.',
      isasync: true,
      params: [{ name: 'zoneid', type: 'uuid', required: true, length: 255, description: '', since: '3.0' }],
      response: [{ name: 'id', type: 'string', description: 'the id' }],
    },
  ],
};

function run(): Promise<{ files: Record<string, string>; digest: string }> {
  const root = mkdtempSync(join(tmpdir(), 'cs-gen-'));
  const schemaDir = join(root, 'schema');
  const packageDir = join(root, 'cloudstack');
  mkdirSync(schemaDir);
  mkdirSync(packageDir);
  writeFileSync(join(schemaDir, 'listApis.json'), JSON.stringify(schema));
  writeFileSync(join(packageDir, 'package.json'), '{ "name": "@overcast/cloudstack" }\n');
  return runGenerator(generator, {
    packageDir,
    schemaDir,
    schemaVersion: '9.9',
    pinId: 'cloudstack@9.9 (test)',
  }).then(() => {
    const read = (path: string) => readFileSync(join(packageDir, path), 'utf8');
    return {
      files: Object.fromEntries(
        ['commands.ts', 'params.ts', 'responses.ts', 'index.ts'].map((f) => [f, read(`src/generated/${f}`)]),
      ),
      digest: read('api-digest.json'),
    };
  });
}

describe('the CloudStack generator', () => {
  it('emits params, responses, the client interface and the runtime table', async () => {
    const { files, digest } = await run();
    expect(files['params.ts']).toContain('export type ListZonesParams = {');
    expect(files['params.ts']).toMatch(/available\?: boolean;/);
    expect(files['params.ts']).toMatch(/tags\?: CloudStackMap \| readonly CloudStackMap\[\];/);
    expect(files['params.ts']).toMatch(/zoneid: string;/);
    // The list names its entity; nested lists are named after their parent; answers are open.
    expect(files['responses.ts']).toContain('export interface Zone {');
    expect(files['responses.ts']).toContain('export type ListZonesResponse = Zone;');
    expect(files['responses.ts']).toContain('export interface ZoneCapacity {');
    expect(files['responses.ts']).toMatch(/capacity\?: ZoneCapacity\[\];/);
    expect(files['responses.ts']).toMatch(/\[field: string\]: unknown;/);
    expect(files['responses.ts']).toMatch(
      /export type ListZonesResult = \{\s+count: number;\s+zone: ListZonesResponse\[\];/,
    );
    expect(files['responses.ts']).toMatch(
      /export type DeployVirtualMachineResult = \{\s+virtualmachine: DeployVirtualMachineResponse;/,
    );
    expect(files['commands.ts']).toContain(
      'readonly listZones: ListCommand<ListZonesParams, ListZonesResult, ListZonesResponse>;',
    );
    expect(files['commands.ts']).toContain(
      'readonly deployVirtualMachine: AsyncCommand<DeployVirtualMachineParams, DeployVirtualMachineResult>;',
    );
    expect(files['commands.ts']).toContain("listZones: [2, 'zone', 'available:b,page:n,pagesize:n,tags:m'],");
    expect(files['commands.ts']).toContain("deployVirtualMachine: [1, '', ''],");
    expect(files['commands.ts']).not.toContain('*/ not the end');
    expect(JSON.parse(digest).methods.deployVirtualMachine).toEqual({
      params: { zoneid: { type: 'string', required: true } },
      returns: 'async DeployVirtualMachineResult',
    });
  });

  it('is deterministic', async () => {
    expect(await run()).toEqual(await run());
  });
});
