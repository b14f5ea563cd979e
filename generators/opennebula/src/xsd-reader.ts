/**
 * Reads OpenNebula's XSDs (`xsd/*.xsd`) into documents: one per top-level element, nested
 * anonymous types inline, `shared.xsd` named types by name, `ref`s to other roots by document id.
 * Elements are matched by local name: real answers carry no namespace.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inSchemaFile, readSchemaText } from '@overcast/generator-core';
import { childElements, parseXml, type XmlElement } from '@overcast/runtime/xml';
import type { ScalarKind, XsdDocument, XsdElement, XsdType } from './ir.js';
import { attachDocs, commentsAsDocumentation } from './xsd-docs.js';

/** Elements typed free-form whatever the XSD says: pyone and every real client treat them so. */
const TEMPLATE_NAMES = new Set(['TEMPLATE', 'USER_TEMPLATE']);

const SCALARS: Record<string, ScalarKind> = {
  integer: 'integer',
  int: 'integer',
  long: 'integer',
  decimal: 'decimal',
  float: 'decimal',
  double: 'decimal',
  string: 'string',
};

interface SchemaFile {
  base: string;
  includes: string[];
  elements: Map<string, XmlElement>;
  complexTypes: Map<string, XmlElement>;
}

export interface XsdReadResult {
  documents: XsdDocument[];
  namedTypes: Record<string, XsdType & { kind: 'complex' }>;
}

export function readXsds(schemaDir: string): XsdReadResult {
  const dir = join(schemaDir, 'xsd');
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.xsd'))
    .sort();
  const files = new Map<string, SchemaFile>();
  for (const name of names) files.set(name.slice(0, -4), loadFile(schemaDir, name));
  const reader = new XsdReader(files, dir);
  return reader.read();
}

function loadFile(schemaDir: string, name: string): SchemaFile {
  const text = readSchemaText(schemaDir, join('xsd', name));
  return inSchemaFile(join(schemaDir, 'xsd', name), () => {
    const schema = parseXml(commentsAsDocumentation(text));
    if (schema.localName !== 'schema')
      throw new Error(`root element is <${schema.name}>, expected <xs:schema>`);
    const file: SchemaFile = {
      base: name.slice(0, -4),
      includes: [],
      elements: new Map(),
      complexTypes: new Map(),
    };
    for (const child of childElements(schema)) {
      const childName = child.attributes['name'];
      if (child.localName === 'include')
        file.includes.push(requiredAttr(child, 'schemaLocation').replace(/\.xsd$/, ''));
      else if (child.localName === 'element' && childName) file.elements.set(childName, child);
      else if (child.localName === 'complexType' && childName) file.complexTypes.set(childName, child);
      else if (child.localName !== 'annotation') throw new Error(`unsupported top-level <${child.name}>`);
    }
    return file;
  });
}

function requiredAttr(element: XmlElement, name: string): string {
  const value = element.attributes[name];
  if (value === undefined) throw new Error(`<${element.name}> lacks the ${name} attribute`);
  return value;
}

function localPart(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

function isXsBuiltin(qname: string): boolean {
  return qname.startsWith('xs:') || qname.startsWith('xsd:');
}

function occurs(node: XmlElement): { min: number; many: boolean } {
  const min = Number(node.attributes['minOccurs'] ?? '1');
  const max = node.attributes['maxOccurs'] ?? '1';
  return { min, many: max === 'unbounded' || Number(max) > 1 };
}

/** Repetition and optionality inherited from enclosing compositors. */
interface Context {
  file: SchemaFile;
  path: string;
  repeated: boolean;
  optional: boolean;
}

class XsdReader {
  constructor(
    private readonly files: Map<string, SchemaFile>,
    private readonly dir: string,
  ) {}

  read(): XsdReadResult {
    const namedTypes: XsdReadResult['namedTypes'] = {};
    const documents: XsdDocument[] = [];
    for (const file of this.files.values()) {
      this.inFile(file, () => {
        for (const [name, node] of file.complexTypes) {
          namedTypes[name] = this.complexType(node, { file, path: name, repeated: false, optional: false });
        }
        for (const [name, node] of file.elements) {
          const root = this.element(node, { file, path: '', repeated: false, optional: false }, true);
          documents.push({ id: documentId(file, name), file: `${file.base}.xsd`, root });
        }
      });
    }
    return { documents, namedTypes };
  }

  private inFile<T>(file: SchemaFile, run: () => T): T {
    return inSchemaFile(join(this.dir, `${file.base}.xsd`), run);
  }

  private element(node: XmlElement, context: Context, isRoot = false): XsdElement {
    const { min, many } = occurs(node);
    const ref = node.attributes['ref'];
    const name = ref === undefined ? requiredAttr(node, 'name') : localPart(ref);
    const path = `${context.path}/${name}`;
    const common = { name, required: min > 0 && !context.optional, repeated: many || context.repeated };
    if (ref !== undefined)
      return { ...common, type: { kind: 'document', id: this.resolveRef(context.file, name, path) } };
    const type = this.elementType(node, name, { ...context, path, repeated: false, optional: false }, isRoot);
    const fixed = node.attributes['fixed'];
    // A fixed value (HOOK_MESSAGE's HOOK_TYPE) is an enumeration of one.
    if (fixed !== undefined && type.kind === 'scalar') return { ...common, type: { ...type, enum: [fixed] } };
    return { ...common, type };
  }

  private elementType(node: XmlElement, name: string, context: Context, isRoot: boolean): XsdType {
    const declared = this.declaredType(node, context);
    if (!TEMPLATE_NAMES.has(name) || isRoot || declared.kind === 'template') return declared;
    return { kind: 'template', declared };
  }

  private declaredType(node: XmlElement, context: Context): XsdType {
    const type = node.attributes['type'];
    if (type !== undefined) {
      if (isXsBuiltin(type)) return this.builtin(localPart(type), context.path);
      const named = localPart(type);
      if (!this.findNamedType(named)) throw new Error(`${context.path}: unknown type "${type}"`);
      return { kind: 'named', name: named };
    }
    const complex = childElements(node, 'complexType')[0];
    if (complex) return this.complexType(complex, context);
    const simple = childElements(node, 'simpleType')[0];
    if (simple) return this.simpleType(simple, context.path);
    // An element with no type at all is xs:anyType: free-form content.
    return { kind: 'template' };
  }

  private builtin(local: string, path: string): XsdType {
    if (local === 'anyType') return { kind: 'template' };
    const scalar = SCALARS[local];
    if (!scalar) throw new Error(`${path}: unsupported built-in type xs:${local}`);
    return { kind: 'scalar', scalar };
  }

  private simpleType(node: XmlElement, path: string): XsdType {
    const restriction = childElements(node, 'restriction')[0];
    if (!restriction) throw new Error(`${path}: simpleType without xs:restriction is not supported`);
    const base = this.builtin(localPart(requiredAttr(restriction, 'base')), path);
    const values = childElements(restriction, 'enumeration').map((e) => requiredAttr(e, 'value'));
    const patterns = childElements(restriction, 'pattern').map((e) => requiredAttr(e, 'value'));
    if (base.kind !== 'scalar') return base;
    return {
      ...base,
      ...(values.length > 0 ? { enum: values } : {}),
      ...(patterns.length > 0 ? { patterns } : {}),
    };
  }

  private complexType(node: XmlElement, context: Context): XsdType & { kind: 'complex' } {
    const result: XsdType & { kind: 'complex' } = { kind: 'complex', children: [], open: false };
    for (const child of childElements(node)) {
      if (child.localName === 'annotation') continue;
      if (child.localName === 'attribute')
        throw new Error(`${context.path}: XML attributes are not supported`);
      this.particle(child, context, result);
    }
    return result;
  }

  /**
   * Adds the elements a compositor, element or wildcard contributes to `into`; returns the element
   * an `xs:element` became.
   */
  private particle(
    node: XmlElement,
    context: Context,
    into: XsdType & { kind: 'complex' },
  ): XsdElement | undefined {
    switch (node.localName) {
      case 'element':
        return addChild(into, this.element(node, context));
      case 'any':
        into.open = true;
        return undefined;
      case 'sequence':
      case 'all':
      case 'choice': {
        const { min, many } = occurs(node);
        const inner: Context = {
          ...context,
          repeated: context.repeated || many,
          // A choice makes each of its branches optional.
          optional: context.optional || min === 0 || node.localName === 'choice',
        };
        const children = childElements(node);
        const added = new Map<XmlElement, XsdElement>();
        for (const child of children) {
          if (child.localName === 'annotation') continue;
          const element = this.particle(child, inner, into);
          if (element) added.set(child, element);
        }
        attachDocs(children, (child) => added.get(child));
        return undefined;
      }
      default:
        throw new Error(`${context.path}: unsupported <${node.name}>`);
    }
  }

  private resolveRef(file: SchemaFile, name: string, path: string): string {
    const owner = this.closure(file).find((candidate) => candidate.elements.has(name));
    if (!owner) throw new Error(`${path}: ref="${name}" names no element of this file or its includes`);
    return documentId(owner, name);
  }

  /** Looked up in every file, not only the includes: requirements.xsd uses IDS without including shared.xsd. */
  private findNamedType(name: string): boolean {
    return [...this.files.values()].some((candidate) => candidate.complexTypes.has(name));
  }

  /** `file` then everything it includes, breadth first. */
  private closure(file: SchemaFile): SchemaFile[] {
    const seen = new Set<string>([file.base]);
    const order = [file];
    for (let i = 0; i < order.length; i++) {
      for (const include of order[i]?.includes ?? []) {
        if (seen.has(include)) continue;
        const included = this.files.get(include);
        if (!included) throw new Error(`xs:include of ${include}.xsd: no such file`);
        seen.add(include);
        order.push(included);
      }
    }
    return order;
  }
}

/** The file's base name for its first root; `file#ROOT` for any further root in the same file. */
function documentId(file: SchemaFile, root: string): string {
  const first = file.elements.keys().next().value;
  return root === first ? file.base : `${file.base}#${root}`;
}

/**
 * A name declared twice in one content model (a choice's branches, say) is one repeatable child.
 * Returns the child kept.
 */
function addChild(into: XsdType & { kind: 'complex' }, child: XsdElement): XsdElement {
  const existing = into.children.find((c) => c.name === child.name);
  if (!existing) {
    into.children.push(child);
    return child;
  }
  existing.repeated = true;
  existing.required = existing.required && child.required;
  return existing;
}
