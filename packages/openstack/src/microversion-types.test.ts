/**
 * The answers of the generated methods follow the microversion a call sends, where the spec says
 * they differ: calls of the real compute and block-storage proxies, type-checked with the
 * package's own compiler options. Each `@ts-expect-error` line must be an error (a field the
 * microversion does not have) and every other line must compile; without the directives, exactly
 * those lines fail.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

const CALLS = `import type { blockStorage, compute } from './generated/index.js';
import type { Connection } from './index.js';

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
declare const conn: Connection;
declare const negotiated: string;
declare const signal: AbortSignal;

export async function calls(): Promise<unknown[]> {
  const at47 = await conn.compute.getServer('id', { microversion: '2.47', timeout: 1000, signal });
  const at46 = await conn.compute.getServer('id', { microversion: '2.46' });
  const seen: unknown[] = [at47.flavor?.vcpus, at47.flavor?.original_name, at46.flavor?.id, at46.name];
  // @ts-expect-error flavor.id: up to 2.46
  seen.push(at47.flavor?.id);
  // @ts-expect-error flavor.links: up to 2.46
  seen.push(at47.flavor?.links?.[0]?.href);
  // @ts-expect-error flavor.vcpus: from 2.47
  seen.push(at46.flavor?.vcpus);
  // @ts-expect-error tags: from 2.26
  seen.push((await conn.compute.getServer('id', { microversion: '2.25' })).tags);
  seen.push((await conn.compute.getServer('id', { microversion: '2.26' })).tags);
  // Minor versions compare as numbers: 2.16 is above 2.9.
  seen.push((await conn.compute.getServer('id', { microversion: '2.16' })).host_status);
  // @ts-expect-error host_status: from 2.16
  seen.push((await conn.compute.getServer('id', { microversion: '2.9' })).host_status);

  // The version the server uses is unknown when compiling: the type as it always was.
  const none = await conn.compute.getServer('id');
  const some = await conn.compute.getServer('id', { microversion: negotiated });
  const latest = await conn.compute.getServer('id', { microversion: 'latest' });
  const unchanged: [
    Equal<typeof none, compute.GetServerResult>,
    Equal<typeof some, compute.GetServerResult>,
    Equal<typeof latest, compute.GetServerResult>,
  ] = [true, true, true];
  seen.push(unchanged, none.flavor?.id, none.flavor?.vcpus, some.flavor?.id, some.tags);

  for await (const server of conn.compute.servers({ status: 'ACTIVE' }, { microversion: '2.47' })) {
    seen.push(server.flavor?.vcpus);
    // @ts-expect-error flavor.id: up to 2.46
    seen.push(server.flavor?.id);
  }
  const found = await conn.compute.findServer('web-1', {}, { microversion: '2.46' });
  // @ts-expect-error flavor.vcpus: from 2.47
  seen.push(found?.flavor?.vcpus);

  // A volume is an open object: below 3.65, consumes_quota is no longer a boolean but any extra key.
  const before = await conn.blockStorage.getVolume('id', { microversion: '3.64' });
  const after = await conn.blockStorage.getVolume('id', { microversion: '3.65' });
  const quota: [Equal<typeof before.consumes_quota, unknown>, Equal<typeof after.consumes_quota, boolean | undefined>] =
    [true, true];
  const anyVolume: Equal<Awaited<ReturnType<typeof conn.blockStorage.getVolume>>, blockStorage.GetVolumeResult> =
    true;
  seen.push(quota, anyVolume);

  // A method whose answer does not differ takes the microversion as before.
  seen.push(await conn.compute.deleteServer('id', { microversion: '2.47' }));
  return seen;
}
`;

/** The errors of `source` as `<line>: <message>`, checked as a module of the package's src. */
function typeErrors(source: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${PACKAGE}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read packages/openstack/tsconfig.json');
  const file = `${PACKAGE}src/__microversion_calls__.ts`;
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : 0;
    return `${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('answers typed by the microversion of the call', () => {
  it('type-check as the spec says each microversion answers', () => {
    expect(typeErrors(CALLS)).toEqual([]);
  }, 120_000);

  it('would fail on exactly the lines that use a field the microversion does not have', () => {
    const lines = CALLS.split('\n');
    const directives = lines.flatMap((line, index) => (line.includes('@ts-expect-error') ? [index + 1] : []));
    const errors = typeErrors(lines.filter((line) => !line.includes('@ts-expect-error')).join('\n'));
    // Each directive dropped moves the lines below it up by one.
    expect(errors.map((error) => Number(error.split(':')[0]))).toEqual(
      directives.map((line, index) => line - index),
    );
    for (const error of errors) expect(error).toMatch(/Property '\w+' does not exist on type/);
  }, 120_000);
});
