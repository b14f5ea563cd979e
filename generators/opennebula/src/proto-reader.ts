/**
 * Reads the pinned `.proto` files with protobufjs's parser: every rpc with its request fields in
 * field-number order (minus `session_id`, which the client adds) and its response message.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inSchemaFile, readSchemaText } from '@overcast/generator-core';
import protobuf from 'protobufjs';
import type { ProtoType } from './ir.js';

export interface ProtoRpc {
  /** `one.vm` */
  package: string;
  service: string;
  rpc: string;
  protoFile: string;
  params: Array<{ name: string; type: ProtoType }>;
  /** Response message name without package: `ResponseID`, `ResponseXML`, `ResponseVote`… */
  response: string;
}

const PROTO_TYPES = new Set<string>(['int32', 'sint32', 'uint32', 'int64', 'uint64', 'string', 'bool']);

export function readProtos(schemaDir: string): ProtoRpc[] {
  const dir = join(schemaDir, 'proto');
  const rpcs: ProtoRpc[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.proto'))
    .sort()) {
    const text = readSchemaText(schemaDir, join('proto', name));
    inSchemaFile(join(dir, name), () => rpcs.push(...rpcsOf(text, name)));
  }
  return rpcs;
}

function rpcsOf(text: string, protoFile: string): ProtoRpc[] {
  const parsed = protobuf.parse(text, { keepCase: true });
  const pkg = parsed.package ?? '';
  const namespace = pkg === '' ? parsed.root : parsed.root.lookup(pkg);
  if (!namespace || !('nestedArray' in namespace)) return [];
  const rpcs: ProtoRpc[] = [];
  for (const service of (namespace as protobuf.Namespace).nestedArray) {
    if (!(service instanceof protobuf.Service)) continue;
    for (const method of service.methodsArray) {
      const request = namespace.lookupType(method.requestType);
      rpcs.push({
        package: pkg,
        service: service.name,
        rpc: method.name,
        protoFile,
        params: paramsOf(request),
        response: method.responseType.slice(method.responseType.lastIndexOf('.') + 1),
      });
    }
  }
  return rpcs;
}

function paramsOf(request: protobuf.Type): ProtoRpc['params'] {
  const fields = [...request.fieldsArray].sort((a, b) => a.id - b.id);
  if (fields[0]?.name !== 'session_id') throw new Error(`${request.fullName}: first field is not session_id`);
  return fields.slice(1).map((field) => {
    if (!PROTO_TYPES.has(field.type))
      throw new Error(`${request.fullName}.${field.name}: unsupported type ${field.type}`);
    const type = (field.repeated ? `repeated ${field.type}` : field.type) as ProtoType;
    if (field.repeated && type !== 'repeated int32')
      throw new Error(`${request.fullName}.${field.name}: unsupported ${type}`);
    return { name: field.name, type };
  });
}
