/**
 * The naming metadata of the upstream code generator (`metadata/<type>_metadata.yaml`): per
 * resource (`compute.server`), operations with the spec's operationId, an operation type and, for
 * actions, the action key of the request body (`operation_name`). Not every operation is named; the
 * names that do exist are the upstream generator's curated ones.
 */
import type { MetadataNaming } from './ir.js';
import { isObject, objectAt, optionalString } from './spec.js';

export interface MetadataIndex {
  /** `operationId` (plus `#action-name` for an action branch) → naming. */
  operations: Map<string, MetadataNaming>;
  finds: MetadataFind[];
}

export interface MetadataFind {
  resource: string;
  operationId: string;
  nameField: string;
  nameFilter: boolean;
}

export function metadataKey(operationId: string, action?: string): string {
  return action === undefined ? operationId : `${operationId}#${action}`;
}

export function emptyMetadata(): MetadataIndex {
  return { operations: new Map(), finds: [] };
}

/** Reads a parsed metadata document of the service `type`. */
export function readMetadata(document: unknown, type: string): MetadataIndex {
  const resources = objectAt(objectAt(document, 'the document')['resources'], 'resources');
  const index = emptyMetadata();
  for (const [qualified, value] of Object.entries(resources)) {
    const where = `resources["${qualified}"]`;
    if (!qualified.startsWith(`${type}.`)) throw new Error(`${where}: expected a "${type}." resource`);
    const resource = qualified.slice(type.length + 1);
    const operations = objectAt(objectAt(value, where)['operations'], `${where}.operations`);
    for (const [operation, entry] of Object.entries(operations)) {
      const at = `${where}.operations.${operation}`;
      const fields = objectAt(entry, at);
      const operationId = optionalString(fields['operation_id'], `${at}.operation_id`);
      const opType = optionalString(fields['operation_type'], `${at}.operation_type`);
      if (operationId === undefined || opType === undefined) {
        throw new Error(`${at}: needs operation_id and operation_type`);
      }
      const targets = isObject(fields['targets']) ? Object.values(fields['targets']) : [];
      if (opType === 'find') {
        const sdk = targets.find((target) => isObject(target) && typeof target['name_field'] === 'string');
        const nameField = isObject(sdk) ? String(sdk['name_field']) : 'name';
        const nameFilter = isObject(sdk) && sdk['name_filter_supported'] === true;
        index.finds.push({ resource, operationId, nameField, nameFilter });
        continue;
      }
      // The action key of the body, where the operation is one branch of an action body.
      const actionName = targets
        .map((target) => (isObject(target) ? target['operation_name'] : undefined))
        .find((name): name is string => typeof name === 'string');
      const key = metadataKey(operationId, opType === 'action' ? actionName : undefined);
      if (index.operations.has(key)) throw new Error(`${at}: operation ${key} is named twice`);
      index.operations.set(key, { resource, operation, type: opType });
    }
  }
  return index;
}
