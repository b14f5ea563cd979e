/**
 * The real CloudStack answers in ../shared/fixtures/cloudstack (captured from a management server by
 * the cloudstack-go maintainers) go through @overcast/cloudstack: served by a test server, each comes
 * back from the client without loss; and each fixture of a command in the pinned listApis 4.18
 * type-checks against the generated result type.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudStack, COMMANDS } from '@overcast/cloudstack';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = fileURLToPath(
  new URL('../../../shared/fixtures/cloudstack/cloudstack-go-e463cd1/test/testdata/', import.meta.url),
);

interface Fixture {
  file: string;
  command: string;
  /** The answer after its envelope: a sync payload, or an async command's finished job. */
  payload: Record<string, unknown>;
}

function fixtures(): Fixture[] {
  if (!existsSync(FIXTURES))
    throw new Error(`${FIXTURES} is missing: these tests need ../shared beside the repository`);
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      Object.entries(
        JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, Record<string, unknown>>,
      ).map(([command, envelope]) => ({
        file,
        command,
        payload: Object.values(envelope)[0] as Record<string, unknown>,
      })),
    );
}

const all = fixtures();
/** Async fixtures hold the finished job; it is served as the queryAsyncJobResult answer. */
const isJob = (fixture: Fixture) => 'jobstatus' in fixture.payload && 'jobresult' in fixture.payload;

describe('CloudStack fixtures through the client', () => {
  let served: Fixture | undefined;
  let endpoint = '';
  const server = createServer((req, res) => {
    const command = new URL(req.url ?? '/', 'http://x').searchParams.get('command');
    const fixture = served as Fixture;
    const payload =
      command === 'queryAsyncJobResult' || !isJob(fixture) ? fixture.payload : { jobid: 'job-1' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ [`${String(command).toLowerCase()}response`]: payload }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`decodes all ${all.length} answers without loss`, async () => {
    const client = new CloudStack({ endpoint, key: 'k', secret: 's', pollInterval: 1 });
    expect(all.length).toBeGreaterThan(100);
    for (const fixture of all) {
      served = fixture;
      const answer = await client.request(fixture.command, {});
      const expected = isJob(fixture) ? fixture.payload['jobresult'] : fixture.payload;
      expect(answer, `${fixture.file} ${fixture.command}`).toEqual(expected);
    }
    await client.close();
  });
});

describe('CloudStack fixtures against the generated types', () => {
  it('every fixture of a command in listApis 4.18 type-checks against its result type', () => {
    const known = all.filter((fixture) => Object.hasOwn(COMMANDS, fixture.command));
    expect(known.length).toBeGreaterThan(100);
    const lines = ["import type * as cs from '@overcast/cloudstack';"];
    known.forEach((fixture, i) => {
      const value = isJob(fixture) ? fixture.payload['jobresult'] : fixture.payload;
      const type = `CommandResults['${fixture.command}']`;
      lines.push(
        `// ${fixture.file} ${fixture.command}`,
        `export const f${i}: cs.${type} = ${JSON.stringify(value)};`,
      );
    });
    // Inside the test workspace, so that @overcast/cloudstack resolves to the built package.
    const dir = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.fixture-types-'));
    const file = join(dir, 'fixtures.ts');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    rmSync(dir, { recursive: true, force: true });
    const problems = diagnostics.map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const label = where >= 0 ? lines[where - 1] : '';
      return `${label}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 300)}`;
    });
    expect(problems).toEqual([]);
  }, 60_000);
});
