/**
 * Flattens the XSD documents into named record types — one per document root, per shared.xsd
 * type and per nested complex element — the one model that the TypeScript types, the decoding
 * shapes and the digest are all printed from.
 */
import { docText, pascalCase, safeIdentifier, stringLiteral } from '@overcast/generator-core';
import { CONSTANT_FIELDS, constantDoc, factDoc } from './field-facts.js';
import type { OneIr, ScalarKind, XsdDocument, XsdElement, XsdType } from './ir.js';
import { ownDoc } from './layout.js';

export type FieldType =
  /** `constant`: the constant group (src/constants.ts) an integer's values come from. */
  | { kind: 'scalar'; scalar: ScalarKind; enum?: string[]; constant?: string }
  | { kind: 'template' }
  | { kind: 'record'; name: string };

export interface RecordField {
  /** The wire name. */
  name: string;
  /** Always present once decoded (required by the XSD, or repeatable and so at least `[]`). */
  required: boolean;
  repeated: boolean;
  type: FieldType;
  /** Its doc comment, ready for a comment: from the constant group, the XSD's comments, or field-facts.ts. */
  doc?: string;
}

export interface RecordType {
  /** The TypeScript name. */
  name: string;
  /** The XSD path it comes from, for doc comments: `vm.xsd VM/HISTORY_RECORDS`. */
  source: string;
  /** The element path alone: `['VM', 'HISTORY_RECORDS']`. */
  path: string[];
  fields: RecordField[];
}

export interface TypeModel {
  records: RecordType[];
  /** Document id → the record type of its root. */
  documentTypes: Record<string, string>;
}

export function typeModel(ir: OneIr): TypeModel {
  const model = new ModelBuilder(ir).build();
  checkConstantFields(model);
  return model;
}

/** Every CONSTANT_FIELDS entry names integer fields that exist: an XSD change cannot leave one stale. */
function checkConstantFields(model: TypeModel): void {
  for (const key of Object.keys(CONSTANT_FIELDS)) {
    const [element, name] = key.split('/') as [string, string];
    const fields = model.records
      .filter((record) => record.path.at(-1) === element)
      .flatMap((record) => record.fields.filter((field) => field.name === name));
    if (fields.length === 0) throw new Error(`field-facts.ts: no XSD declares ${key} (CONSTANT_FIELDS)`);
    if (fields.some((field) => field.type.kind !== 'scalar' || field.type.scalar !== 'integer'))
      throw new Error(`field-facts.ts: ${key} is not an integer everywhere (CONSTANT_FIELDS)`);
  }
}

class ModelBuilder {
  private readonly records = new Map<string, RecordType>();
  private readonly documentTypes: Record<string, string> = {};

  /** shared.xsd types by their structure. */
  private readonly sharedByStructure = new Map<string, string>();

  constructor(private readonly ir: OneIr) {
    for (const [name, type] of Object.entries(ir.namedTypes))
      this.sharedByStructure.set(structureKey(type), name);
    const rootCounts = new Map<string, number>();
    for (const d of ir.documents) rootCounts.set(d.root.name, (rootCounts.get(d.root.name) ?? 0) + 1);
    for (const d of ir.documents) {
      // A root declared by one file names its type; VM_POOL, VNET_POOL and HOOK_MESSAGE take their file's name.
      const base = rootCounts.get(d.root.name) === 1 ? d.root.name : d.id.replace(/[#/]/g, '_');
      this.documentTypes[d.id] = typeName(base);
    }
  }

  build(): TypeModel {
    for (const [name, type] of Object.entries(this.ir.namedTypes).sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.addRecord(typeName(name), `shared.xsd ${name}`, type);
    }
    for (const document of this.ir.documents) this.addDocument(document);
    return { records: [...this.records.values()], documentTypes: this.documentTypes };
  }

  private addDocument(document: XsdDocument): void {
    const name = this.documentTypes[document.id] as string;
    if (document.root.type.kind !== 'complex')
      throw new Error(`${document.file}: root ${document.root.name} is not a complex type`);
    this.addRecord(name, `${document.file} ${document.root.name}`, document.root.type);
  }

  private addRecord(name: string, source: string, type: XsdType & { kind: 'complex' }): void {
    if (this.records.has(name))
      throw new Error(`two types would be named ${name} (${source}, ${this.records.get(name)?.source})`);
    const path = source.slice(source.indexOf(' ') + 1).split('/');
    const record: RecordType = { name, source, path, fields: [] };
    this.records.set(name, record);
    const place = { path, fieldNames: type.children.map((child) => child.name) };
    for (const child of type.children) {
      const field = this.field(child, name, source, path);
      const upstream = field.type.kind === 'scalar' && field.type.constant ? undefined : child.doc;
      const own = fieldDoc(field, place);
      const doc = upstream !== undefined ? docText(upstream) : own !== undefined ? ownDoc(own) : undefined;
      record.fields.push(doc === undefined ? field : { ...field, doc });
    }
  }

  private field(element: XsdElement, owner: string, ownerSource: string, ownerPath: string[]): RecordField {
    // The decoder gives every repeatable element an array, empty when absent: it is always there.
    const common = {
      name: element.name,
      required: element.required || element.repeated,
      repeated: element.repeated,
    };
    const type = element.type;
    switch (type.kind) {
      case 'scalar': {
        const constant = CONSTANT_FIELDS[`${ownerPath.at(-1)}/${element.name}`];
        return {
          ...common,
          type: {
            kind: 'scalar',
            scalar: type.scalar,
            ...(type.enum ? { enum: type.enum } : {}),
            ...(constant ? { constant } : {}),
          },
        };
      }
      case 'template':
        return { ...common, type: { kind: 'template' } };
      case 'named':
        return { ...common, type: { kind: 'record', name: typeName(type.name) } };
      case 'document': {
        const name = this.documentTypes[type.id];
        if (!name) throw new Error(`${ownerSource}/${element.name}: no document ${type.id}`);
        return { ...common, type: { kind: 'record', name } };
      }
      case 'complex': {
        // An inline type identical to a shared.xsd one is that type (older XSDs inline IDS, PERMISSIONS…).
        const shared = this.sharedByStructure.get(structureKey(type));
        if (shared) return { ...common, type: { kind: 'record', name: typeName(shared) } };
        const name = `${owner}${pascalCase(element.name)}`;
        this.addRecord(name, `${ownerSource}/${element.name}`, type);
        return { ...common, type: { kind: 'record', name } };
      }
    }
  }
}

/** A field's doc from its constant group or field-facts.ts (the XSD's own comes first). */
function fieldDoc(field: RecordField, place: Parameters<typeof factDoc>[0]): string | undefined {
  if (field.type.kind === 'scalar' && field.type.constant) return constantDoc(field.type.constant);
  return factDoc(place, field.name);
}

/** A type's structure without its docs: inline copies of shared.xsd types are those types whatever comments they carry. */
function structureKey(type: XsdType): string {
  return JSON.stringify(type, (key, value) => (key === 'doc' ? undefined : value));
}

function typeName(upstream: string): string {
  return safeIdentifier(pascalCase(upstream));
}

/** The TypeScript type of a field, as printed in the types file and the digest. */
export function fieldTypeText(field: RecordField): string {
  const base = baseTypeText(field.type);
  if (!field.repeated) return base;
  return base.includes('|') ? `Array<${base}>` : `${base}[]`;
}

function baseTypeText(type: FieldType): string {
  switch (type.kind) {
    case 'scalar':
      if (type.constant) return type.constant;
      if (type.enum) return type.enum.map(stringLiteral).join(' | ');
      return type.scalar === 'string' ? 'string' : 'number';
    case 'template':
      return 'Template';
    case 'record':
      return type.name;
  }
}
