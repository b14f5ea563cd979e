/** Checking generated text with the TypeScript compiler, for tests. */
import { Project, ts } from 'ts-morph';

/** Syntax errors of `text` as a module (parse only, no type checking). */
export function syntaxErrors(text: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: {} });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** All errors, type errors included, of `files` compiled together in strict mode. */
export function compileErrors(files: Record<string, string>): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      lib: ['lib.es2022.d.ts'],
    },
  });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  return project
    .getPreEmitDiagnostics()
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n'));
}

/** A throwaway in-memory project to parse snippets in. */
export function parser(): Project {
  return new Project({ useInMemoryFileSystem: true });
}
