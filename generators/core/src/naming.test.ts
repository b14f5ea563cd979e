import fc from 'fast-check';
import { type PropertySignature, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import {
  camelCase,
  isIdentifierName,
  pascalCase,
  propertyKey,
  safeIdentifier,
  snakeCase,
  splitWords,
  stringLiteral,
  upperSnake,
} from './naming.js';
import { compileErrors, parser, syntaxErrors } from './test-support/typescript.js';

describe('splitWords and the cases', () => {
  it.each([
    ['listVirtualMachines', ['list', 'Virtual', 'Machines'], 'listVirtualMachines', 'list_virtual_machines'],
    ['VM_POOL', ['VM', 'POOL'], 'vmPool', 'vm_pool'],
    ['HTTPSProxy', ['HTTPS', 'Proxy'], 'httpsProxy', 'https_proxy'],
    ['vm_base', ['vm', 'base'], 'vmBase', 'vm_base'],
    ['ipv6Address', ['ipv6', 'Address'], 'ipv6Address', 'ipv6_address'],
    ['IPv6Address', ['IPv6', 'Address'], 'ipv6Address', 'ipv6_address'],
    ['getIPs', ['get', 'IPs'], 'getIps', 'get_ips'],
    ['getVMsByName', ['get', 'VMs', 'By', 'Name'], 'getVmsByName', 'get_vms_by_name'],
    ['XMLHttpRequest', ['XML', 'Http', 'Request'], 'xmlHttpRequest', 'xml_http_request'],
    ['cpu-number', ['cpu', 'number'], 'cpuNumber', 'cpu_number'],
    ['userID', ['user', 'ID'], 'userId', 'user_id'],
    ['ip6address', ['ip6address'], 'ip6address', 'ip6address'],
    ['6to4Tunnel', ['6to4', 'Tunnel'], '6to4Tunnel', '6to4_tunnel'],
    ['  os.type  id ', ['os', 'type', 'id'], 'osTypeId', 'os_type_id'],
    ['', [], '', ''],
  ])('%s', (name, words, camel, snake) => {
    expect(splitWords(name)).toEqual(words);
    expect(camelCase(name)).toBe(camel);
    expect(snakeCase(name)).toBe(snake);
  });

  it('makes PascalCase and UPPER_SNAKE', () => {
    expect(pascalCase('vm_pool')).toBe('VmPool');
    expect(pascalCase('listVirtualMachines')).toBe('ListVirtualMachines');
    expect(upperSnake('listVirtualMachines')).toBe('LIST_VIRTUAL_MACHINES');
    expect(upperSnake('HTTPSProxy')).toBe('HTTPS_PROXY');
  });
});

/** Names as schemas spell them: ASCII letters, digits and the usual separators. */
const schemaName = fc.string({ unit: fc.constantFrom(...'aAbBzZxXsSvV09_- .'), maxLength: 24 });
const startsWithLetter = (name: string) => /^[A-Za-z]/.test(splitWords(name)[0] ?? '');

describe('case properties', () => {
  it('splits without losing a letter or digit', () => {
    fc.assert(
      fc.property(schemaName, (name) => {
        expect(splitWords(name).join('')).toBe(name.replace(/[^A-Za-z0-9]/g, ''));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(schemaName, (name) => {
        for (const recase of [camelCase, pascalCase, snakeCase, upperSnake]) {
          expect(recase(recase(name))).toBe(recase(name));
        }
      }),
    );
  });

  it('keeps camelCase and PascalCase interchangeable', () => {
    fc.assert(
      fc.property(schemaName, (name) => {
        expect(camelCase(pascalCase(name))).toBe(camelCase(name));
        expect(pascalCase(camelCase(name))).toBe(pascalCase(name));
      }),
    );
  });

  it('gives identifier names when the first word starts with a letter', () => {
    fc.assert(
      fc.property(schemaName.filter(startsWithLetter), (name) => {
        expect(isIdentifierName(camelCase(name))).toBe(true);
        expect(isIdentifierName(pascalCase(name))).toBe(true);
        expect(isIdentifierName(upperSnake(name))).toBe(true);
      }),
    );
  });
});

describe('safeIdentifier', () => {
  it.each([
    ['class', 'class_'],
    ['default', 'default_'],
    ['await', 'await_'],
    ['let', 'let_'],
    ['arguments', 'arguments_'],
    ['number', 'number_'],
    ['undefined', 'undefined_'],
    ['1stDisk', '_1stDisk'],
    ['cpu-number', 'cpu_number'],
    ['', '_'],
    ['café', 'caf_'],
    ['$ok_1', '$ok_1'],
  ])('%j → %j', (name, safe) => {
    expect(safeIdentifier(name)).toBe(safe);
  });

  it('gives a valid, idempotent identifier for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const safe = safeIdentifier(name);
        expect(safe).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
        expect(safeIdentifier(safe)).toBe(safe);
      }),
    );
  });

  it('names variables, parameters and types that TypeScript accepts', { timeout: 60_000 }, () => {
    const reserved = [
      'class',
      'enum',
      'await',
      'yield',
      'let',
      'static',
      'eval',
      'arguments',
      'string',
      'undefined',
    ];
    const names = [...new Set([...reserved, ...fc.sample(schemaName, 200)].map(safeIdentifier))];
    const declarations = names.map(
      (name, index) =>
        `export namespace N${index} { export const ${name} = 0; export interface ${name} { x: number } ` +
        `export function f(${name}: number): number { return ${name}; } }`,
    );
    expect(compileErrors({ '/names.ts': declarations.join('\n') })).toEqual([]);
    // The check can fail: unescaped, the same names are rejected.
    expect(
      compileErrors({ '/raw.ts': 'export interface string {}\nexport function f(arguments: number) {}' }),
    ).not.toEqual([]);
  });
});

describe('propertyKey and stringLiteral', () => {
  it.each([
    ['id', 'id'],
    ['default', 'default'],
    ['cpu-number', "'cpu-number'"],
    ['1', "'1'"],
    ["it's", "'it\\'s'"],
    ['a\nb', "'a\\u000ab'"],
    ['back\\slash', "'back\\\\slash'"],
  ])('%j → %s', (name, key) => {
    expect(propertyKey(name)).toBe(key);
  });

  /** Any UTF-16 string, lone surrogates included. */
  const anyString = fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  });
  const project = parser();

  it('reads back as the same name, in one line', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, fc.string({ unit: 'binary' })), (name) => {
        const text = `interface X { ${propertyKey(name)}: string }\nconst s = ${stringLiteral(name)};\n`;
        expect(syntaxErrors(text)).toEqual([]);
        expect(text.split(/\r\n|[\n\r\u2028\u2029]/)).toHaveLength(3);
        const file = project.createSourceFile('/key.ts', text, { overwrite: true });
        const property = file.getInterfaceOrThrow('X').getProperties()[0] as PropertySignature;
        const nameNode = property.getNameNode();
        const readBack = nameNode.isKind(SyntaxKind.StringLiteral)
          ? nameNode.getLiteralValue()
          : nameNode.getText();
        expect(readBack).toBe(name);
        const literal = file
          .getVariableDeclarationOrThrow('s')
          .getInitializerIfKindOrThrow(SyntaxKind.StringLiteral);
        expect(literal.getLiteralValue()).toBe(name);
      }),
    );
  });
});
