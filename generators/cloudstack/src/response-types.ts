/**
 * Which response types exist and under which names, shared by the emitter and the digest.
 *
 * Every command has its `…Response` type, but most entities come back from many commands (the
 * virtual machine from 30 of them): a structure (fields, types, descriptions, nesting) is declared
 * once and every other name is an alias of it. The declared name is the entity's own when a list
 * command names it (`listVirtualMachines` → `VirtualMachine`), else the first command's.
 */
import { GeneratorError, pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { CloudStackIr, FieldIr } from './ir.js';
import { singular } from './result-shapes.js';
import { nestedTypeName, paramsTypeName, responseTypeName, resultTypeName } from './type-texts.js';

export type ResponseTypeDecl =
  | { kind: 'interface'; name: string; fields: readonly FieldIr[] }
  | { kind: 'alias'; name: string; target: string };

const structureKey = (fields: readonly FieldIr[]): string => JSON.stringify(fields);

export function responseTypes(ir: CloudStackIr): ResponseTypeDecl[] {
  // Declared elsewhere: a response type by one of these names would clash.
  const otherNames = new Set(ir.commands.flatMap((c) => [paramsTypeName(c.name), resultTypeName(c.name)]));
  const commandNames = new Set([...otherNames, ...ir.commands.map((c) => responseTypeName(c.name))]);
  const preferred = entityNames(ir, commandNames);
  const declared = new Map<string, string>();
  const names = new Set<string>();
  const decls: ResponseTypeDecl[] = [];
  const push = (decl: ResponseTypeDecl) => {
    if (names.has(decl.name) || otherNames.has(decl.name)) {
      throw new GeneratorError(`response type name "${decl.name}" would be declared twice`);
    }
    names.add(decl.name);
    decls.push(decl);
  };
  const declare = (name: string, fields: readonly FieldIr[]): void => {
    const key = structureKey(fields);
    const first = declared.get(key);
    if (first !== undefined) {
      push({ kind: 'alias', name, target: first });
      return;
    }
    const real = preferred.get(key) ?? name;
    declared.set(key, real);
    for (const field of fields)
      if (field.fields !== undefined) declare(nestedTypeName(real, field.name), field.fields);
    push({ kind: 'interface', name: real, fields });
    if (real !== name) push({ kind: 'alias', name, target: real });
  };
  for (const command of ir.commands) declare(responseTypeName(command.name), command.fields);
  return decls;
}

/** `listVirtualMachines` → `VirtualMachine` for its item structure; the first list naming a structure wins. */
function entityNames(ir: CloudStackIr, taken: ReadonlySet<string>): Map<string, string> {
  const preferred = new Map<string, string>();
  const used = new Set<string>();
  for (const command of ir.commands) {
    if (command.result.kind !== 'list' || !command.name.startsWith('list') || command.fields.length === 0)
      continue;
    const name = safeIdentifier(pascalCase(singular(command.name.slice('list'.length))));
    const key = structureKey(command.fields);
    if (preferred.has(key) || used.has(name) || taken.has(name)) continue;
    preferred.set(key, name);
    used.add(name);
  }
  return preferred;
}
