/**
 * The wire types: openapi-typescript's conversion of one spec (`paths`, `components`,
 * `operations`), kept as it prints them, plus the facts of its component schemas (members and
 * one-line type texts) for the API digest.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import type { WireType } from './ir.js';

export interface WireOutput {
  text: string;
  types: Record<string, WireType>;
}

/** Converts a parsed spec; `document` is not modified. */
export async function wireTypes(document: object): Promise<WireOutput> {
  const nodes = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0], {
    silent: true,
  });
  return { text: astToString(nodes), types: componentTypes(nodes) };
}

function componentTypes(nodes: readonly ts.Node[]): Record<string, WireType> {
  const components = nodes.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === 'components',
  );
  const schemas = components?.members.find((member) => memberName(member) === 'schemas');
  if (!schemas || !ts.isPropertySignature(schemas) || !schemas.type || !ts.isTypeLiteralNode(schemas.type)) {
    return {};
  }
  const types: Record<string, WireType> = {};
  for (const member of schemas.type.members) {
    const name = memberName(member);
    if (name === undefined || !ts.isPropertySignature(member) || !member.type) continue;
    types[name] = wireType(member.type);
  }
  return types;
}

function wireType(node: ts.TypeNode): WireType {
  const members = literalMembers(node);
  if (!members) return { alias: typeText(node) };
  const fields: Record<string, { type: string; required: boolean }> = {};
  for (const member of members) {
    if (ts.isPropertySignature(member) && member.type) {
      const name = memberName(member);
      if (name !== undefined) fields[name] = { type: typeText(member.type), required: !member.questionToken };
    } else if (ts.isIndexSignatureDeclaration(member) && member.type) {
      fields['[key: string]'] = { type: typeText(member.type), required: false };
    }
  }
  return { fields };
}

/** The members of an object type literal, or of an intersection of them. */
function literalMembers(node: ts.TypeNode): ts.TypeElement[] | undefined {
  if (ts.isTypeLiteralNode(node)) return [...node.members];
  if (ts.isIntersectionTypeNode(node) && node.types.every(ts.isTypeLiteralNode)) {
    return node.types.flatMap((part) => [...(part as ts.TypeLiteralNode).members]);
  }
  return undefined;
}

function memberName(member: ts.TypeElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** A type as one line of TypeScript, without comments. */
function typeText(node: ts.TypeNode): string {
  return astToString(node, { formatOptions: { removeComments: true } })
    .replace(/\s+/g, ' ')
    .trim();
}
