/**
 * A small but complete generator for tests (and a worked example of the contract): the schema is
 * one `api.json`, the IR is that file's content checked, the output is a types file and a methods
 * file that imports it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OptionalKind, type PropertySignatureStructure, StructureKind } from 'ts-morph';
import type { ApiDigest } from '../digest.js';
import { jsDocs } from '../docs.js';
import { type Emitter, relativeImport } from '../emit.js';
import type { Generator } from '../generator.js';
import { camelCase, pascalCase, propertyKey, stringLiteral } from '../naming.js';
import { inSchemaFile, readSchemaJson } from '../schema-files.js';
import type { SchemaSource } from '../schemas.js';

export interface FakeIr {
  methods: Record<string, { description?: string; params: Record<string, Member>; returns: string }>;
  types: Record<string, { fields: Record<string, Member> } | { enum: string[] }>;
}

interface Member {
  type: string;
  required: boolean;
  description?: string;
}

export const fakeGenerator: Generator<FakeIr> = {
  provider: 'fake',
  version: '1.2.3',
  read(schemaDir) {
    const file = join(schemaDir, 'api.json');
    const api = readSchemaJson(schemaDir, 'api.json') as Partial<FakeIr>;
    return inSchemaFile(file, () => {
      if (typeof api.methods !== 'object' || typeof api.types !== 'object')
        throw new Error('needs "methods" and "types"');
      return { methods: api.methods, types: api.types };
    });
  },
  emit(ir, out) {
    emitTypes(ir, out);
    emitMethods(ir, out);
  },
  digest(ir): ApiDigest {
    const members = (record: Record<string, Member>) =>
      Object.fromEntries(
        Object.entries(record).map(([name, { type, required }]) => [name, { type, required }]),
      );
    return {
      provider: 'fake',
      schemaVersion: '',
      methods: Object.fromEntries(
        Object.entries(ir.methods).map(([name, method]) => [
          name,
          { params: members(method.params), returns: method.returns },
        ]),
      ),
      types: Object.fromEntries(
        Object.entries(ir.types).map(([name, type]) => [
          name,
          'enum' in type ? { enum: type.enum } : { fields: members(type.fields) },
        ]),
      ),
    };
  },
};

function emitTypes(ir: FakeIr, out: Emitter): void {
  const file = out.file('types.ts');
  for (const [name, type] of Object.entries(ir.types)) {
    if ('enum' in type) {
      file.addTypeAlias({
        name: pascalCase(name),
        isExported: true,
        type: type.enum.map(stringLiteral).join(' | '),
      });
    } else {
      file.addInterface({ name: pascalCase(name), isExported: true, properties: properties(type.fields) });
    }
  }
}

function emitMethods(ir: FakeIr, out: Emitter): void {
  const file = out.file('api/methods.ts');
  const typeNames = Object.keys(ir.types).map((name) => pascalCase(name));
  if (typeNames.length > 0) {
    file.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: relativeImport('api/methods.ts', 'types.ts'),
      namedImports: typeNames,
    });
  }
  for (const [name, method] of Object.entries(ir.methods)) {
    file.addInterface({
      name: `${pascalCase(name)}Params`,
      isExported: true,
      properties: properties(method.params),
    });
  }
  file.addInterface({
    name: 'Methods',
    isExported: true,
    methods: Object.entries(ir.methods).map(([name, method]) => ({
      kind: StructureKind.MethodSignature,
      name: camelCase(name),
      docs: jsDocs(method.description),
      parameters: [{ name: 'params', type: `${pascalCase(name)}Params` }],
      returnType: `Promise<${method.returns}>`,
    })),
  });
}

function properties(members: Record<string, Member>): OptionalKind<PropertySignatureStructure>[] {
  return Object.entries(members).map(([name, member]) => ({
    name: propertyKey(name),
    type: member.type,
    hasQuestionToken: !member.required,
    docs: jsDocs(member.description),
  }));
}

export const sampleApi: FakeIr = {
  methods: {
    listVirtualMachines: {
      description: 'Lists VMs. Ends a comment? */ Not here.',
      params: {
        zoneid: { type: 'string', required: false },
        'page-size': { type: 'number', required: false },
      },
      returns: 'VirtualMachine[]',
    },
    destroyVirtualMachine: { params: { id: { type: 'string', required: true } }, returns: 'void' },
  },
  types: {
    virtual_machine: {
      fields: {
        id: { type: 'string', required: true, description: 'The ID.' },
        'cpu-number': { type: 'number', required: false },
        state: { type: 'VmState', required: true },
      },
    },
    vm_state: { enum: ['Running', 'Stopped'] },
  },
};

/** A fresh temporary folder. */
export function tempDir(prefix = 'overcast-core-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A schema folder holding `api` as api.json. */
export function schemaFolder(api: unknown): string {
  const dir = tempDir('overcast-schema-');
  writeFileSync(join(dir, 'api.json'), JSON.stringify(api));
  return dir;
}

/** A provider package folder (only its package.json). */
export function packageFolder(): string {
  const dir = join(tempDir('overcast-package-'), 'fake');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{ "name": "@overcast/fake" }\n');
  return dir;
}

/** A stand-in for @overcast/schemas over folders made by the test, one per version; errs as it does. */
export function fakeSchemas(
  folders: Record<string, string>,
  defaultVersion = Object.keys(folders)[0]!,
): SchemaSource {
  return {
    defaultVersion: () => defaultVersion,
    schemaDir: (provider, version = defaultVersion) => {
      const dir = folders[version];
      if (!dir)
        throw Object.assign(new Error(`no schema folder for ${provider}@${version}`), {
          name: 'SchemasError',
        });
      return dir;
    },
    pinId: (provider, version) => `${provider}@${version} (example/${provider}@abc1234)`,
  };
}
