import { diffDigests, Emitter, LINE_WIDTH } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import { emitShapes } from './emit-types.js';
import { generator } from './generator.js';
import { readOpenNebula } from './reader.js';
import { LATEST, OLDER, oneSchemaDir } from './test-support.js';

const ir = readOpenNebula(oneSchemaDir(LATEST));

/** `text` with each parameter list the emitter broke one a line joined back on one line. */
function joined(text: string): string {
  return text.replace(
    /\(\n\s+([^()]*?),\n\s*\)/g,
    (_, inner: string) => `(${inner.replace(/,\n\s+/g, ', ')})`,
  );
}

/** The body of `export interface name { … }`. */
function interfaceBody(text: string, name: string): string {
  return new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
}

function emitted(): Map<string, string> {
  const out = new Emitter({
    provider: 'opennebula',
    generatorVersion: generator.version,
    pinId: 'opennebula@test',
  });
  generator.emit(ir, out);
  return new Map(out.output().map((file) => [file.path, file.text]));
}

describe('the emitter', () => {
  // ts-morph formatting takes seconds: emit once for all tests here (and once more for determinism).
  const files = emitted();

  it('writes the types, the decoding shapes and the method table, the same bytes every run', () => {
    expect([...files.keys()]).toEqual(['methods.ts', 'shapes.ts', 'types.ts']);
    expect(emitted()).toEqual(files);
  }, 60_000);

  it('types each method positionally with its trailing optional parameters', () => {
    const methods = joined(files.get('methods.ts') ?? '');
    expect(methods).toContain('info(oid: number, decrypt?: boolean, options?: CallOptions): Promise<Vm>;');
    expect(methods).toContain(
      'info(filterFlag: number, start: number, end: number, state: number, filter?: string, options?: CallOptions): Promise<VmPool>;',
    );
    expect(methods).toContain(
      'allocate(template: string | TemplateInput, hold?: boolean, options?: CallOptions): Promise<number>;',
    );
    expect(methods).toContain(
      'action(actionName: VmActionName, oid: number, options?: CallOptions): Promise<number>;',
    );
    expect(methods).toMatch(/export type VmActionName =\n {2}\| 'terminate'\n {2}\| 'terminate-hard'\n/);
    expect(files.get('methods.ts')).toContain(
      [
        "  'one.vmpool.infoextended': {",
        "    params: ['int', 'int', 'int', 'int', 'string'],",
        '    required: 4,',
        "    returns: { document: 'VmPoolExtended', root: 'VM_POOL' },",
        '  },',
      ].join('\n'),
    );
  });

  it('keeps every line within the formatter’s width, but for the header naming the schema pin', () => {
    for (const [path, text] of files) {
      if (path === 'shapes.ts') continue; // the decoder's setters, kept as they are for speed
      const long = text.split('\n').filter((line, i) => i > 0 && line.length > LINE_WIDTH);
      expect(long, path).toEqual([]);
    }
  });

  it('documents every method: what it does, each parameter of each signature, what comes back', () => {
    const methods = files.get('methods.ts') ?? '';
    const signatures = [
      ...methods.matchAll(/\/\*\*\n((?: {3}\*.*\n)+) {3}\*\/\n {2}(\w+)\(([^;]*?)\): Promise</g),
    ];
    expect(signatures.length).toBeGreaterThan(ir.methods.length);
    for (const [, doc = '', name, params = ''] of signatures) {
      const declared = [...joined(`(${params})`).matchAll(/(\w+)\??: /g)].map((m) => m[1]);
      const documented = [...doc.matchAll(/@param (\w+) /g)].map((m) => m[1]);
      expect(documented, name).toEqual(declared);
      expect(doc, name).toMatch(/@returns \S/);
      expect(doc, name).toMatch(/XML-RPC `one\.[a-z_]+\.[a-z_]+`/);
    }
    const deploy = interfaceBody(methods, 'VmMethods');
    expect(deploy).toContain('   * Deploys the VM on a host');
    expect(deploy).toContain(
      '   * @param dsId The system datastore to deploy it to; -1 lets OpenNebula choose. Left out, the',
    );
    expect(interfaceBody(methods, 'VmpoolMethods')).toContain(
      '   * @param filterFlag Whose VMs: a {@link POOL_FILTER} value, or a user',
    );
    expect(interfaceBody(methods, 'TemplateMethods')).toContain(
      '   * @param otherAdmin Every other user may administer it: 1 yes, 0 no, -1 unchanged\n   * ({@link PERMISSION}).',
    );
  });

  it('takes the call options right after the last argument given, never where a template goes', () => {
    const methods = joined(files.get('methods.ts') ?? '');
    const signatures = (namespace: string, name: string) => {
      const body =
        new RegExp(`export interface ${namespace}Methods \\{([\\s\\S]*?)\\n\\}`).exec(methods)?.[1] ?? '';
      return [...body.matchAll(new RegExp(`^  ${name}\\((.*)\\): Promise<`, 'gm'))].map((m) => m[1]);
    };
    expect(signatures('Vm', 'info')).toEqual([
      'oid: number, options?: CallOptions',
      'oid: number, decrypt?: boolean, options?: CallOptions',
    ]);
    expect(signatures('Vmpool', 'info')).toEqual([
      'filterFlag: number, start: number, end: number, state: number, options?: CallOptions',
      'filterFlag: number, start: number, end: number, state: number, filter?: string, options?: CallOptions',
    ]);
    expect(signatures('Host', 'update')).toEqual([
      'oid: number, template: string | TemplateInput, options?: CallOptions',
      'oid: number, template: string | TemplateInput, append?: number, options?: CallOptions',
    ]);
    // No form stops before nicTemplate: an object there is the template (undefined holds its place).
    expect(signatures('Vm', 'deploy')).toEqual([
      'oid: number, hid: number, options?: CallOptions',
      'oid: number, hid: number, noOvercommit?: boolean, options?: CallOptions',
      'oid: number, hid: number, noOvercommit?: boolean, dsId?: number, nicTemplate?: string | TemplateInput, options?: CallOptions',
    ]);
    // Only the whole list when every parameter is required.
    expect(signatures('Vm', 'chmod')).toHaveLength(1);
    // The whole list's doc comment gives the server's defaults; the shorter ones say they apply.
    expect(methods).toContain(
      '   * @param hold `true` creates it on hold, `false` pending (to be deployed). Left out, the server takes\n   * `false`.',
    );
    expect(methods).toContain(
      "(gRPC `/one.vm.VirtualMachineService/Allocate`). The parameters left out\n   * take the server's defaults.",
    );
  });

  it('stores each field by name, quoting a name that is no identifier', () => {
    const out = new Emitter({ provider: 'opennebula', generatorVersion: generator.version, pinId: 'test' });
    const field = { required: true, repeated: false, type: { kind: 'scalar', scalar: 'string' } } as const;
    const fields = [
      { name: 'MODEL', ...field },
      { name: 'CPU-MODEL', ...field },
    ];
    emitShapes({ records: [{ name: 'Cpu', source: 'test', path: ['CPU'], fields }], documentTypes: {} }, out);
    const shapes = out.output()[0]?.text;
    expect(shapes).toContain("MODEL: { kind: 'string', set: (record, value) => { record.MODEL = value; } }");
    expect(shapes).toContain(
      "'CPU-MODEL': { kind: 'string', set: (record, value) => { record['CPU-MODEL'] = value; } }",
    );
  });

  it('makes repeatable elements arrays that are always present, and numbers numbers', () => {
    const types = files.get('types.ts') ?? '';
    expect(types).toMatch(/export interface HostPool \{\s+HOST: Host\[\];\s+\}/);
    expect(interfaceBody(types, 'Vm')).toMatch(/\bID: number;[\s\S]*TEMPLATE: Template;/);
    expect(files.get('shapes.ts')).toMatch(
      /HostPool: \{\s+HOST: \{ kind: 'record', type: 'Host', many: true, set: \(record, value\) => \{ record\.HOST = value; \} \},?\s+\}/,
    );
  });
});

describe('the digest and the API diff 7.2.0 → 7.5.80', () => {
  it('reports the added methods and the XSD changes', () => {
    const from = { ...generator.digest(readOpenNebula(oneSchemaDir(OLDER))), schemaVersion: OLDER };
    const to = { ...generator.digest(ir), schemaVersion: LATEST };
    const diff = diffDigests(from, to);
    const added = diff.changes.filter((c) => c.kind === 'added' && c.subject === 'method').map((c) => c.name);
    expect(added).toEqual(['one.group.vlan', 'one.vm.vmgroupadd', 'one.vm.vmgroupdel']);
    // Inline types equal to shared.xsd ones are those types, so only real changes show: acct.xsd's
    // HISTORY/VM became the full VM of vm.xsd, and requirements.xsd (not an API answer) took IDS,
    // which remove their inline copies.
    const removed = diff.changes.filter((c) => c.kind === 'removed').map((c) => c.name);
    expect(removed.filter((name) => !/^(HistoryVm|RequirementsVm)/.test(name))).toEqual([]);
    // XSD additions: VLAN_RULES in group pools, PCI IFNAME…
    expect(diff.changes.some((c) => c.subject === 'field' && c.name.startsWith('GroupPool.VLAN_RULES'))).toBe(
      true,
    );
  }, 30_000);
});
