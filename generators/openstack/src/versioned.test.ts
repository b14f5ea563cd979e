import { describe, expect, it } from 'vitest';
import { readMetadata } from './metadata.js';
import { serviceModel } from './model.js';
import { serviceFromSpec } from './reader.js';
import { generateSample, SAMPLE_ENTRY, SAMPLE_METADATA, typeCheck, VERSIONED_SPEC } from './test-support.js';
import { branchTuple, fieldTree } from './versioned.js';

/** The generator's output for the sample whose answers differ by microversion. */
const run = await generateSample(VERSIONED_SPEC);

describe('the field tree of an answer', () => {
  it('nests the dotted paths, looking through array items', () => {
    expect(
      fieldTree({
        'flavor.id': { max: '2.46' },
        'flavor.links[].rel': { max: '2.40' },
        '[].name': { min: '2.3' },
        'a[][].b': { min: '2.1', max: '2.5' },
      }),
    ).toEqual({
      flavor: { fields: { id: { max: '2.46' }, links: { fields: { rel: { max: '2.40' } } } } },
      name: { min: '2.3' },
      a: { fields: { b: { min: '2.1', max: '2.5' } } },
    });
  });

  it('leaves out a field that exists wherever its parent does', () => {
    expect(
      fieldTree({
        'flavor.links': { max: '2.46' },
        'flavor.links[].href': { max: '2.46' },
        'flavor.links[].rel': { max: '2.50' },
        'flavor.links[].type': { min: '2.10', max: '2.46' },
        tags: { min: '2.26' },
        'tags[].name': { min: '2.26' },
      }),
    ).toEqual({
      flavor: { fields: { links: { max: '2.46', fields: { type: { min: '2.10', max: '2.46' } } } } },
      tags: { min: '2.26' },
    });
    expect(fieldTree({ a: { min: '2.1' }, 'a.b': { min: '2.1' } })).toEqual({ a: { min: '2.1' } });
  });

  it('gives nothing when no path is left', () => {
    expect(fieldTree({})).toBeUndefined();
  });
});

describe('the branch tuple of an answer', () => {
  const body = {
    contentType: 'application/json',
    encoding: 'json' as const,
    type: 'X',
    versions: [{ min: '2.0', max: '2.47' }, { min: '2.48' }],
  };

  it('pairs each range with its branch type as the answer is typed', () => {
    const tuple = branchTuple({ ...body, branchTypes: ['A', 'B'] }, (type) => `Unwrap<${type}, 'k'>`);
    expect(tuple?.map(({ type, ...range }) => ({ ...range, type: type.text }))).toEqual([
      { min: '2.0', max: '2.47', type: "Unwrap<A, 'k'>" },
      { min: '2.48', type: "Unwrap<B, 'k'>" },
    ]);
  });

  it('is undefined when a branch has no named type', () => {
    expect(branchTuple(body, (type) => type)).toBeUndefined();
  });
});

describe('answers typed by the microversion of the call', () => {
  const types = run.files['compute/types.ts'] as string;
  const proxy = run.files['compute/proxy.ts'] as string;

  it('are declared in types.ts: the fields by name, the branches, the answer at V', () => {
    expect(types).toContain(
      [
        'export type GetServerResultFields = {',
        "  locked: { min: '2.9'; };",
        "  flavor: { fields: { id: { max: '2.46'; }; links: { max: '2.46'; }; vcpus: { min: '2.47'; }; }; };",
        "  tags: { min: '2.26'; };",
        '};',
      ].join('\n'),
    );
    expect(types).toContain(
      'export type GetServerResultAt<V extends string> = AtMicroversion<GetServerResult, V, GetServerResultFields>;',
    );
    expect(types).toContain(
      'export type ServersItemAt<V extends string> = AtMicroversion<ServersItem, V, ServersItemFields>;',
    );
    expect(types).toContain(
      [
        'export type GetServerDiagnosticsResultBranches = [',
        "  { min: '2.0'; max: '2.47'; type: Unwrap<Schemas['Diagnostics_20'], 'diagnostics'>; },",
        "  { min: '2.48'; type: Unwrap<Schemas['Diagnostics_248'], 'diagnostics'>; },",
        '];',
      ].join('\n'),
    );
    expect(types).toContain(
      [
        'export type GetServerDiagnosticsResultAt<V extends string> = AtMicroversion<',
        '  BranchesAt<V, GetServerDiagnosticsResult, GetServerDiagnosticsResultBranches>,',
        '  V,',
        '  GetServerDiagnosticsResultFields',
        '>;',
      ].join('\n'),
    );
    // Said in JSDoc, for whoever jumps to it.
    expect(types).toMatch(
      /\/\*\*\n \* What `getServer` resolves to at microversion `V`, the literal given as `options\.microversion`/,
    );
  });

  it('make the methods generic in the microversion, and only those', () => {
    expect(proxy).toContain(
      '  getServer<V extends string = string>(id: string, options?: CallOptions<V>): Promise<T.GetServerResultAt<V>>;',
    );
    expect(proxy).toContain(
      "   * With `options.microversion` written as a literal (`'2.96'`), typed as at that version\n" +
        '   * (`GetServerResultAt`).',
    );
    expect(proxy).toContain('  deleteServer(id: string, options?: CallOptions): Promise<void>;');
    expect(proxy).toContain(
      '  images(query?: T.ImagesQuery, options?: CallOptions): AsyncIterableIterator<T.ImagesItem>;',
    );
  });

  it('are left out for a service without microversions', () => {
    const { microversion: _, ...unversioned } = SAMPLE_ENTRY;
    const model = (entry: typeof SAMPLE_ENTRY) =>
      serviceModel({
        ...serviceFromSpec(
          entry,
          'compute/v2.96.yaml',
          VERSIONED_SPEC,
          readMetadata(SAMPLE_METADATA, 'compute'),
        ),
        wire: '',
        wireTypes: {},
      });
    const generic = (entry: typeof SAMPLE_ENTRY) =>
      model(entry)
        .methods.filter((method) => method.atMicroversion !== undefined)
        .map((method) => method.name);
    expect(generic(SAMPLE_ENTRY)).toEqual(['servers', 'createServer', 'getServer', 'getServerDiagnostics']);
    expect(generic(unversioned)).toEqual([]);
    const finds = (entry: typeof SAMPLE_ENTRY) => model(entry).finds.map((find) => find.returns);
    expect(finds(SAMPLE_ENTRY)).toEqual(['Promise<ServersItemAt<V> | undefined>']);
    expect(finds(unversioned)).toEqual(['Promise<ServersItem | undefined>']);
  });

  /**
   * Calls of the generated methods: each `@ts-expect-error` line must be an error (a field the
   * microversion does not have), every other line must compile.
   */
  const calls = `import type { compute } from './generated/index.js';

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
declare const proxy: compute.ComputeProxyMethods;
declare const negotiated: string;

export async function calls(): Promise<unknown[]> {
  const at47 = await proxy.getServer('id', { microversion: '2.47', timeout: 1000 });
  const at46 = await proxy.getServer('id', { microversion: '2.46' });
  const seen: unknown[] = [at47.flavor?.vcpus, at46.flavor?.id, at46.flavor?.links?.[0]?.href];
  // @ts-expect-error flavor.id: up to 2.46
  seen.push(at47.flavor?.id);
  // @ts-expect-error flavor.links: up to 2.46
  seen.push(at47.flavor?.links);
  // @ts-expect-error flavor.vcpus: from 2.47
  seen.push(at46.flavor?.vcpus);
  // @ts-expect-error tags: from 2.26
  seen.push((await proxy.getServer('id', { microversion: '2.25' })).tags);
  seen.push((await proxy.getServer('id', { microversion: '2.26' })).tags);
  // Minor versions compare as numbers: 2.10 is above 2.9.
  seen.push((await proxy.getServer('id', { microversion: '2.10' })).locked);
  // @ts-expect-error locked: from 2.9
  seen.push((await proxy.getServer('id', { microversion: '2.8' })).locked);

  // Unknown when compiling: the type as it is without a microversion.
  const plain: Equal<Awaited<ReturnType<typeof proxy.getServer>>, compute.GetServerResult> = true;
  const none = await proxy.getServer('id');
  const some = await proxy.getServer('id', { microversion: negotiated });
  const latest = await proxy.getServer('id', { microversion: 'latest' });
  const same: [Equal<typeof none, compute.GetServerResult>, Equal<typeof some, compute.GetServerResult>] = [
    true,
    true,
  ];
  const alsoSame: Equal<typeof latest, compute.GetServerResult> = true;
  seen.push(plain, same, alsoSame, none.flavor?.id, none.flavor?.vcpus, some.flavor?.id);

  for await (const server of proxy.servers({}, { microversion: '2.47' })) {
    seen.push(server.flavor?.vcpus);
    // @ts-expect-error flavor.id: up to 2.46
    seen.push(server.flavor?.id);
  }
  const found = await proxy.findServer('web', {}, { microversion: '2.46' });
  // @ts-expect-error flavor.vcpus: from 2.47
  seen.push(found?.flavor?.vcpus);

  const before = await proxy.getServerDiagnostics('id', { microversion: '2.47' });
  const after = await proxy.getServerDiagnostics('id', { microversion: '2.48' });
  seen.push(before.cpu0_time, after.cpu_details?.[0]?.time);
  // @ts-expect-error cpu_details: the branch from 2.48
  seen.push(before.cpu_details);
  // @ts-expect-error cpu0_time: the branch up to 2.47
  seen.push(after.cpu0_time);
  const whole: Equal<Awaited<ReturnType<typeof proxy.getServerDiagnostics>>, compute.GetServerDiagnosticsResult> =
    true;
  seen.push(whole, await proxy.deleteServer('id', { microversion: '2.47' }));
  return seen;
}
`;

  it('type-check as the microversion says', () => {
    expect(typeCheck(run, 'calls', calls).errors).toEqual([]);
  }, 60_000);

  it('would fail on exactly the lines that use a field the microversion does not have', () => {
    const lines = calls.split('\n');
    const expected = lines.flatMap((line, index) => (line.includes('@ts-expect-error') ? [index + 1] : []));
    const without = lines.filter((line) => !line.includes('@ts-expect-error')).join('\n');
    const errors = typeCheck(run, 'calls-without-directives', without).errors;
    // Each directive dropped moves the lines below it up by one.
    expect(errors.map((error) => Number(error.split(':')[0]))).toEqual(
      expected.map((line, index) => line - index),
    );
    for (const error of errors) expect(error).toMatch(/Property '\w+' does not exist on type/);
  }, 60_000);
});
