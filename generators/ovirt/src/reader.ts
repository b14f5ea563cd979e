/** The oVirt reader: `<schemaDir>/model/**` (Java sources and `.adoc` documents) → IR. */
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { inSchemaFile, readSchemaText } from '@overcast/generator-core';
import { analyzeModel } from './analyzer.js';
import type { OvirtIr } from './ir.js';
import { type JavaDeclaration, parseJavaFile } from './java-source.js';
import { documentName } from './names.js';

export function readOvirtModel(schemaDir: string): OvirtIr {
  const modelDir = join(schemaDir, 'model');
  const files = listFiles(modelDir);
  const declarations: JavaDeclaration[] = [];
  for (const file of files.filter((path) => path.endsWith('.java'))) {
    const text = readSchemaText(schemaDir, relative(schemaDir, file));
    declarations.push(...inSchemaFile(file, () => parseJavaFile(text)));
  }
  const adocFiles = files.filter((path) => path.endsWith('.adoc'));
  const documents = adocFiles.map((path) => documentName(basename(path, '.adoc')));
  const ir = inSchemaFile(modelDir, () => analyzeModel({ declarations, documents }));
  const sections = Object.fromEntries(
    adocFiles.flatMap((file) => sectionTitles(readSchemaText(schemaDir, relative(schemaDir, file)))),
  );
  return { ...ir, sections };
}

/** `[id="anchor"]` followed by a `== Title` line → `[anchor, Title]`, what `<<anchor, …>>` names. */
export function sectionTitles(adoc: string): Array<[string, string]> {
  return [...adoc.matchAll(/^\[id="([^"]+)"\]\n=+ +(.+)$/gm)].map((match) => [
    match[1] ?? '',
    (match[2] ?? '').trim(),
  ]);
}

/** Every file under `dir`, sorted, so that the IR does not depend on directory order. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
