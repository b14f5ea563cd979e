/**
 * Sample documents built from the IR, valid against the XSDs (tested with xmllint): every element
 * present — optional ones too — repeatable ones `repeat` times, templates with single attributes
 * and vectors. Tests, the Python peer server and the benchmark answer with them.
 */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import type { OneIr, XsdElement, XsdType } from './ir.js';

export interface SampleOptions {
  /** How many of each repeatable element (default 2; 1 checks one-item lists stay arrays). */
  repeat?: number;
  /** How many items a pool's top-level list gets (default `repeat`). */
  items?: number;
  /** First number used for integer values (they count up from it). */
  start?: number;
}

/** Candidate values for pattern-restricted strings; upstream patterns are all yes/no. */
const PATTERN_CANDIDATES = ['YES', 'no'];

export function sampleDocument(ir: OneIr, documentId: string, options: SampleOptions = {}): XmlBuildElement {
  const document = ir.documents.find((d) => d.id === documentId);
  if (!document) throw new Error(`no document ${documentId}`);
  const builder = new SampleBuilder(ir, options.repeat ?? 2, options.start ?? 0);
  return builder.element(document.root, 0, options.items);
}

class SampleBuilder {
  private counter: number;

  constructor(
    private readonly ir: OneIr,
    private readonly repeat: number,
    start: number,
  ) {
    this.counter = start;
  }

  element(element: XsdElement, depth: number, items?: number): XmlBuildElement {
    return { name: element.name, children: this.content(element.type, element.name, depth, items) };
  }

  private content(type: XsdType, name: string, depth: number, items?: number): XmlBuildElement['children'] {
    switch (type.kind) {
      case 'scalar':
        return [this.scalar(type)];
      case 'template':
        return type.declared ? this.content(type.declared, name, depth) : this.template(name);
      case 'named': {
        const named = this.ir.namedTypes[type.name];
        if (!named) throw new Error(`no named type ${type.name}`);
        return this.content(named, name, depth);
      }
      case 'document': {
        const document = this.ir.documents.find((d) => d.id === type.id);
        if (!document) throw new Error(`no document ${type.id}`);
        return this.content(document.root.type, name, depth + 1);
      }
      case 'complex': {
        const children: XmlBuildElement[] = [];
        for (const child of type.children) {
          // Refs nest whole documents (HISTORY_RECORDS/HISTORY/VM…): one level of that is enough.
          if (child.type.kind === 'document' && depth > 0 && !child.required) continue;
          const count = child.repeated ? (depth === 0 && items !== undefined ? items : this.repeat) : 1;
          for (let i = 0; i < count; i++) children.push(this.element(child, depth));
        }
        return children;
      }
    }
  }

  private scalar(type: XsdType & { kind: 'scalar' }): string {
    if (type.enum) return type.enum[0] as string;
    if (type.patterns) {
      const fits = PATTERN_CANDIDATES.find((c) =>
        type.patterns?.some((p) => new RegExp(`^(?:${p})$`).test(c)),
      );
      if (fits === undefined) throw new Error(`no sample value for patterns ${type.patterns.join(' | ')}`);
      return fits;
    }
    const n = this.counter++;
    if (type.scalar === 'integer') return String(n);
    if (type.scalar === 'decimal') return `${n}.5`;
    return `value-${n}`;
  }

  /** A free-form template: single attributes, a repeated vector, a value with markup characters. */
  private template(name: string): XmlBuildElement['children'] {
    const n = this.counter++;
    const disks = Array.from({ length: this.repeat }, (_, i) => ({
      name: 'DISK',
      children: [
        { name: 'IMAGE_ID', children: [String(i)] },
        { name: 'TARGET', children: [`vd${String.fromCharCode(97 + (i % 26))}`] },
      ],
    }));
    return [
      { name: 'NAME', children: [`${name.toLowerCase()}-${n}`] },
      { name: 'ARCH', children: ['x86_64'] },
      { name: 'DESCRIPTION', children: ['say "hi" & <bye>'] },
      ...disks,
    ];
  }
}
