/**
 * The Java model sources as plain declarations: java-parser's concrete syntax tree reduced to what
 * the metamodel analysis reads (annotations, `extends`, methods, nested interfaces, enum constants,
 * Javadoc, and the source text of default method bodies).
 */
import { type CstNode, type IToken, parse } from 'java-parser';

export interface JavaAnnotation {
  /** Simple name: `Deprecated`, `Area`, `In`. */
  name: string;
  /** The string literals given to it: `@Area("Virtualization")` → `['Virtualization']`. */
  values: string[];
}

export interface JavaDoc {
  /** The comment text without its tags, trimmed. */
  text: string;
  tags: Array<{ name: string; value: string }>;
}

export interface JavaTypeRef {
  /** Simple name (`types.Ticket` → `Ticket`), or the primitive keyword. */
  name: string;
  array: boolean;
}

export interface JavaMethod {
  name: string;
  annotations: JavaAnnotation[];
  /** `undefined` for `void`. */
  returns: JavaTypeRef | undefined;
  params: Array<{ name: string; type: JavaTypeRef }>;
  doc: JavaDoc | undefined;
  /** The body's source text of a default method. */
  body: string | undefined;
}

interface JavaDeclarationBase {
  name: string;
  annotations: JavaAnnotation[];
  doc: JavaDoc | undefined;
}

export interface JavaInterface extends JavaDeclarationBase {
  kind: 'interface';
  extends: string[];
  methods: JavaMethod[];
  interfaces: JavaInterface[];
}

export interface JavaEnum extends JavaDeclarationBase {
  kind: 'enum';
  constants: Array<{ name: string; annotations: JavaAnnotation[]; doc: JavaDoc | undefined }>;
}

/** Classes, records and annotation declarations: only their name and annotations matter. */
export interface JavaOther extends JavaDeclarationBase {
  kind: 'other';
}

export type JavaDeclaration = JavaInterface | JavaEnum | JavaOther;

/** The top-level declarations of one Java file. */
export function parseJavaFile(text: string): JavaDeclaration[] {
  const cst = parse(text) as CstNode & { comments?: IToken[] };
  const source = new SourceText(text, cst.comments ?? []);
  const unit = node(cst, 'ordinaryCompilationUnit');
  if (unit === undefined) return [];
  return nodes(unit, 'typeDeclaration').flatMap((declaration) => {
    const found = typeDeclaration(declaration, source);
    return found === undefined ? [] : [found];
  });
}

function typeDeclaration(declaration: CstNode, source: SourceText): JavaDeclaration | undefined {
  const iface = node(declaration, 'interfaceDeclaration');
  if (iface !== undefined) return interfaceDeclaration(iface, source);
  const klass = node(declaration, 'classDeclaration');
  if (klass === undefined) return undefined;
  const annotations = nodes(klass, 'classModifier').flatMap((modifier) => annotationsOf(modifier));
  const doc = source.docBefore(klass);
  const enumDeclaration = node(klass, 'enumDeclaration');
  if (enumDeclaration === undefined) {
    const named = node(klass, 'normalClassDeclaration') ?? node(klass, 'recordDeclaration');
    return { kind: 'other', name: identifierOf(named, 'typeIdentifier'), annotations, doc };
  }
  const constants = nodes(node(node(enumDeclaration, 'enumBody'), 'enumConstantList'), 'enumConstant').map(
    (constant) => ({
      name: token(constant, 'Identifier'),
      annotations: nodes(constant, 'enumConstantModifier').flatMap((modifier) => annotationsOf(modifier)),
      doc: source.docBefore(constant),
    }),
  );
  return {
    kind: 'enum',
    name: identifierOf(enumDeclaration, 'typeIdentifier'),
    annotations,
    doc,
    constants,
  };
}

function interfaceDeclaration(declaration: CstNode, source: SourceText): JavaDeclaration {
  const annotations = nodes(declaration, 'interfaceModifier').flatMap((modifier) => annotationsOf(modifier));
  const doc = source.docBefore(declaration);
  const normal = node(declaration, 'normalInterfaceDeclaration');
  if (normal === undefined) {
    const annotationType = node(declaration, 'annotationInterfaceDeclaration');
    return { kind: 'other', name: identifierOf(annotationType, 'typeIdentifier'), annotations, doc };
  }
  const extendsList = nodes(node(node(normal, 'interfaceExtends'), 'interfaceTypeList'), 'interfaceType').map(
    (type) => lastIdentifier(node(type, 'classType')),
  );
  const members = nodes(node(normal, 'interfaceBody'), 'interfaceMemberDeclaration');
  const methods: JavaMethod[] = [];
  const interfaces: JavaInterface[] = [];
  for (const member of members) {
    const method = node(member, 'interfaceMethodDeclaration');
    if (method !== undefined) methods.push(methodDeclaration(method, source));
    const nested = node(member, 'interfaceDeclaration');
    if (nested !== undefined) {
      const parsed = interfaceDeclaration(nested, source);
      if (parsed.kind === 'interface') interfaces.push(parsed);
    }
  }
  return {
    kind: 'interface',
    name: identifierOf(normal, 'typeIdentifier'),
    annotations,
    doc,
    extends: extendsList,
    methods,
    interfaces,
  };
}

function methodDeclaration(method: CstNode, source: SourceText): JavaMethod {
  const modifiers = nodes(method, 'interfaceMethodModifier');
  const header = node(method, 'methodHeader');
  const declarator = node(header, 'methodDeclarator');
  const resultType = node(node(header, 'result'), 'unannType');
  const params = nodes(node(declarator, 'formalParameterList'), 'formalParameter').map((parameter) => {
    const regular = node(parameter, 'variableParaRegularParameter');
    return {
      name: token(node(regular, 'variableDeclaratorId'), 'Identifier'),
      type: typeRef(node(regular, 'unannType')),
    };
  });
  const isDefault = modifiers.some((modifier) => modifier.children.Default !== undefined);
  const block = node(node(method, 'methodBody'), 'block');
  return {
    name: token(declarator, 'Identifier'),
    annotations: modifiers.flatMap((modifier) => annotationsOf(modifier)),
    returns: resultType === undefined ? undefined : typeRef(resultType),
    params,
    doc: source.docBefore(method),
    body: isDefault && block !== undefined ? source.slice(block) : undefined,
  };
}

function typeRef(type: CstNode | undefined): JavaTypeRef {
  const primitive = node(type, 'unannPrimitiveType');
  if (primitive !== undefined) {
    return { name: tokensOf(primitive)[0]?.image ?? '', array: false };
  }
  const reference = node(type, 'unannReferenceType');
  const classType = node(node(reference, 'unannClassOrInterfaceType'), 'unannClassType');
  return { name: lastIdentifier(classType), array: node(reference, 'dims') !== undefined };
}

function annotationsOf(modifier: CstNode): JavaAnnotation[] {
  return nodes(modifier, 'annotation').map((annotation) => ({
    name: lastIdentifier(node(annotation, 'typeName')),
    values: tokensOf(annotation)
      .filter((t) => t.tokenType.name === 'StringLiteral')
      .map((t) => JSON.parse(t.image) as string),
  }));
}

/** Source offsets, to find each declaration's Javadoc and to cut out method bodies. */
class SourceText {
  /** Javadoc comments, by the offset of the first non-blank character after them. */
  private readonly docs = new Map<number, string>();

  constructor(
    private readonly text: string,
    comments: IToken[],
  ) {
    for (const comment of comments) {
      if (!comment.image.startsWith('/**')) continue;
      let next = comment.endOffset + 1;
      while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      this.docs.set(next, comment.image);
    }
  }

  docBefore(declaration: CstNode): JavaDoc | undefined {
    const comment = this.docs.get(declaration.location.startOffset);
    return comment === undefined ? undefined : parseJavadoc(comment);
  }

  slice(element: CstNode): string {
    return this.text.slice(element.location.startOffset, element.location.endOffset + 1);
  }
}

/** `/** text … @since 4.2 *\/` → text and tags, as QDox reads them. */
export function parseJavadoc(comment: string): JavaDoc {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*( ?)/, ''));
  const text: string[] = [];
  const tags: JavaDoc['tags'] = [];
  for (const line of lines) {
    const tag = /^\s*@(\w+)\s*(.*)$/.exec(line);
    const last = tags[tags.length - 1];
    if (tag !== null) tags.push({ name: tag[1] ?? '', value: (tag[2] ?? '').trim() });
    else if (last !== undefined) last.value = `${last.value}\n${line}`;
    else text.push(line);
  }
  for (const tag of tags) tag.value = tag.value.trim();
  return { text: text.join('\n').trim(), tags };
}

function node(parent: CstNode | undefined, name: string): CstNode | undefined {
  return nodes(parent, name)[0];
}

function nodes(parent: CstNode | undefined, name: string): CstNode[] {
  return (parent?.children[name] ?? []) as CstNode[];
}

function token(parent: CstNode | undefined, name: string): string {
  const found = parent?.children[name]?.[0] as IToken | undefined;
  if (found === undefined) throw new Error(`expected ${name} in ${parent?.name ?? 'nothing'}`);
  return found.image;
}

function identifierOf(parent: CstNode | undefined, name: string): string {
  return token(node(parent, name), 'Identifier');
}

/** The last identifier of a dotted name: `types.Ticket` → `Ticket`. */
function lastIdentifier(parent: CstNode | undefined): string {
  const identifiers = (parent?.children.Identifier ?? []) as IToken[];
  const last = identifiers[identifiers.length - 1];
  if (last === undefined) throw new Error(`expected a name in ${parent?.name ?? 'nothing'}`);
  return last.image;
}

/** Every token under `parent`, in source order. */
function tokensOf(parent: CstNode): IToken[] {
  const found: IToken[] = [];
  const walk = (element: CstNode | IToken) => {
    if ('image' in element) found.push(element);
    else
      for (const children of Object.values(element.children))
        for (const child of children) walk(child as CstNode | IToken);
  };
  walk(parent);
  return found.sort((a, b) => a.startOffset - b.startOffset);
}
