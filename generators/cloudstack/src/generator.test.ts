import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINE_WIDTH, runGenerator, sharedPath } from '@overcast/generator-core';
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

/** A JSDoc line whose one word is too long to wrap (an example URL or parameter string). */
function isUnbreakableDocLine(line: string): boolean {
  return /^\s*\* \S+$/.test(line) || /^\s*\/\*\* \S+ \*\/$/.test(line);
}

function run(listApis = JSON.stringify(schema)): Promise<{ files: Record<string, string>; digest: string }> {
  const root = mkdtempSync(join(tmpdir(), 'cs-gen-'));
  const schemaDir = join(root, 'schema');
  const packageDir = join(root, 'cloudstack');
  mkdirSync(schemaDir);
  mkdirSync(packageDir);
  writeFileSync(join(schemaDir, 'listApis.json'), listApis);
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
    // The list names its entity; nested lists are named after their parent; answers are closed,
    // the entity's id always sent, the rest optional.
    expect(files['responses.ts']).toContain('export interface Zone {');
    expect(files['responses.ts']).toContain('export type ListZonesResponse = Zone;');
    expect(files['responses.ts']).toContain('export interface ZoneCapacity {');
    expect(files['responses.ts']).toMatch(/capacity\?: ZoneCapacity\[\];/);
    expect(files['responses.ts']).toMatch(/ {2}id: string;/);
    expect(files['responses.ts']).not.toContain('[field: string]');
    expect(files['responses.ts']).toMatch(
      /export type ListZonesResult = \{\s+count: number;\s+zone: ListZonesResponse\[\];/,
    );
    expect(files['responses.ts']).toMatch(
      /export type DeployVirtualMachineResult = \{\s+virtualmachine: DeployVirtualMachineResponse;/,
    );
    expect(files['commands.ts']).toContain("import type * as P from './params.js';");
    expect(files['commands.ts']).toContain(
      'readonly listZones: ListCommand<P.ListZonesParams, R.ListZonesResult, R.ListZonesResponse>;',
    );
    expect(files['commands.ts']).toContain(
      'readonly deployVirtualMachine: AsyncCommand<P.DeployVirtualMachineParams, R.DeployVirtualMachineResult>;',
    );
    expect(files['commands.ts']).toMatch(
      /export interface AsyncCommands \{\s+readonly deployVirtualMachine: true;\s+\}/,
    );
    // The runtime table: named fields, one line per command when it fits, else one field a line.
    expect(files['commands.ts']).toContain(
      [
        '    listZones: {',
        '      pages: true,',
        "      list: 'zone',",
        "      params: { available: 'boolean', page: 'integer', pagesize: 'integer', tags: 'map' },",
        '    },',
      ].join('\n'),
    );
    expect(files['commands.ts']).toContain('    deployVirtualMachine: { async: true },');
    expect(files['commands.ts']).toContain(
      'export function commandTable(): Readonly<Record<string, CommandSpec>> {\n  return {\n',
    );
    expect(files['commands.ts']).not.toContain('*/ not the end');
    expect(JSON.parse(digest).methods.deployVirtualMachine).toEqual({
      params: { zoneid: { type: 'string', required: true } },
      returns: 'async DeployVirtualMachineResult',
    });
  });

  it('keeps every line of the real listApis output within the formatter width', async () => {
    const { files } = await run(
      readFileSync(join(sharedPath('schemas/cloudstack/4.18'), 'listApis.json'), 'utf8'),
    );
    const long = Object.entries(files).flatMap(([name, text]) =>
      text
        .split('\n')
        .slice(1) // the header, which names the pin whatever its length
        .filter((line) => line.length > LINE_WIDTH && !isUnbreakableDocLine(line))
        .map((line) => `${name}: ${line}`),
    );
    expect(long).toEqual([]);
    // The table is readable: named fields, no bit masks, no `name:kind` strings.
    expect(files['commands.ts']).toMatch(
      /^ {4}deployVirtualMachine: \{\n {6}async: true,\n {6}params: \{\n {8}affinitygroupids: 'list',$/m,
    );
    expect(files['commands.ts']).not.toMatch(/: \[\d, '/);
  }, 60_000);

  it('is deterministic', async () => {
    expect(await run()).toEqual(await run());
  });
});
