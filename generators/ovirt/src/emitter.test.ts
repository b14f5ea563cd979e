import { Emitter, type GeneratedFile } from '@overcast/generator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestOvirt } from './digest.js';
import { ModelLinks } from './doc-links.js';
import { emitOvirt } from './emitter.js';
import type { OvirtIr, StructIr } from './ir.js';
import { readOvirtModel } from './reader.js';
import { sharedOvirtDir } from './test-support/shared.js';
import { plural, singular, tagName } from './ts-names.js';

function emit(ir: OvirtIr): GeneratedFile[] {
  const out = new Emitter({ provider: 'ovirt', generatorVersion: '0.0.0-test', pinId: 'ovirt@test' });
  emitOvirt(ir, out);
  return out.output();
}

let ir: OvirtIr;
let files: Map<string, string>;

beforeAll(() => {
  ir = readOvirtModel(sharedOvirtDir('4.6.1'));
  files = new Map(emit(ir).map((file) => [file.path, file.text]));
}, 120_000);

describe('emitOvirt', () => {
  it('writes types, model tables and services, and the same bytes every time', () => {
    expect([...files.keys()]).toEqual(['model.ts', 'services.ts', 'types.ts']);
    const again = emit(readOvirtModel(sharedOvirtDir('4.6.1')));
    expect(again.map((file) => file.text)).toEqual([...files.values()]);
  }, 120_000);

  it('drops the pseudo-services area and follow', () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toContain('export class VmsService extends Service');
    expect(services).not.toMatch(/class (Area|Follow)Service/);
  });

  it('emits locators, methods, variants, actions with outputs, and waitFor', () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toContain('vmService(id: string): VmService {');
    expect(services).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: generated source text, not a template
      'return new VmService(this.$connection, `${this.$path}/${encodeURIComponent(id)}`);',
    );
    expect(services).toContain('diskAttachmentsService(): DiskAttachmentsService {');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: generated source text, not a template
    expect(services).toContain('`${this.$path}/diskattachments`');
    expect(services).toContain(
      'addFromScratch(vm: VmsAddFromScratchVm, parameters: VmsAddFromScratchParameters = {}, options: CallOptions = {}): Promise<types.Vm> {',
    );
    expect(services).toContain("return this.$add(vm, 'Vm', parameters, options);");
    expect(services).toContain("return this.$action('export', undefined, parameters, options);");
    expect(services).toContain(
      'ticket(parameters: VmTicketParameters = {}, options: CallOptions = {}): Promise<types.Ticket> {',
    );
    expect(services).toContain("return this.$action('ticket', 'ticket', parameters, options);");
    expect(services).toContain(
      'list(parameters: VmsListParameters = {}, options: CallOptions = {}): Promise<types.Vm[]> {',
    );
    expect(services).toContain('return this.$list(parameters, options);');
    expect(services).toContain(
      'waitFor(status: types.VmStatus | readonly types.VmStatus[], options: WaitOptions = {}): Promise<types.Vm> {',
    );
    expect(services).toContain(
      'return this.$waitFor((signal) => this.get({}, { signal }), status, options);',
    );
  });

  it('keeps model parameters apart from call options: a model timeout is a parameter, marked for the base', () => {
    const services = files.get('services.ts') ?? '';
    // HostService.upgrade's timeout (minutes) is a model parameter, sent in the <action> body.
    expect(services).toMatch(/export interface HostUpgradeParameters \{[\s\S]*?\n {2}timeout\?: number;\n\}/);
    expect(services).toContain(
      'upgrade(parameters: HostUpgradeParameters = {}, options: CallOptions = {}): Promise<void> {',
    );
    expect(services).toContain(
      "return this.$action('upgrade', undefined, parameters, options, ['timeout']);",
    );
    // No parameters interface takes the call options any more.
    expect(services).not.toContain('extends RequestOptions');
    // A method without parameters takes only {}.
    expect(services).toContain('export type HostUpgradeCheckParameters = NoParameters;');
  });

  it('emits interfaces with links typed, enums with wire values, and tables with tag exceptions', () => {
    const types = files.get('types.ts') ?? '';
    expect(types).toContain('export interface Vm extends VmBase {');
    expect(types).toContain('diskAttachments?: List<DiskAttachment>;');
    expect(types).toMatch(/export const VmStatus = \{[^}]*UP: 'up',/);
    const model = files.get('model.ts') ?? '';
    expect(model).toMatch(/OperatingSystemInfo: \{\s+tag: 'operating_system', plural: 'operation_systems',/);
    expect(model).toContain("['usages', 'usages', 'NetworkUsage', 1, 'usage'],");
    expect(model).toContain("['nics', 'nics', 'Nic', 3],");
  });
});

describe('emitOvirt: what the model requires and what always comes back', () => {
  it('requires the mandatory members of an entity, one of an or() pair, and every item of a list', () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toContain(
      [
        'export type VmsAddFromScratchVm = types.Vm & {',
        '  name: string;',
        '  cluster: types.Cluster & ({ id: string; } | { name: string; });',
        '  template: types.Template & ({ id: string; } | { name: string; });',
        '};',
      ].join('\n'),
    );
    expect(services).toContain('snapshots: Array<types.Snapshot & { id: string; }>;');
  });

  it("types a base method's argument as any of its variants', and a variant as its own and its base's needs", () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toContain(
      'export type VmsAddVm =\n  | VmsAddFromScratchVm\n  | VmsAddFromSnapshotVm\n  | VmsAddFromConfigurationVm;',
    );
    expect(services).toContain(
      'add(vm: VmsAddVm, parameters: VmsAddParameters = {}, options: CallOptions = {}): Promise<types.Vm> {',
    );
    // hosts.add needs address, name and cluster; using_root_password adds the password, using_ssh
    // nothing: the base alone is a signature.
    expect(services).toMatch(
      /export type HostsAddHost = types\.Host & \{\n {2}address: string;\n {2}name: string;/,
    );
    expect(services).toMatch(
      /export type HostsAddUsingRootPasswordHost = types\.Host & \{[^}]*rootPassword: string;/,
    );
    expect(services).toContain('add(host: HostsAddHost, parameters');
    // Variants that need different parameters: the base's parameters are one of theirs.
    expect(services).toContain(
      'export type VmExportParameters =\n  | VmExportToExportDomainParameters\n  | VmExportToPathOnHostParameters;',
    );
    expect(services).toMatch(
      /export interface VmExportToPathOnHostParameters \{[\s\S]*?\n {2}directory: string;/,
    );
  });

  it('makes a parameters argument required when the model makes one of its parameters mandatory', () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toMatch(
      /export interface StorageDomainIsAttachedParameters \{[\s\S]*?host: types\.Host & \{ id: string; \};/,
    );
    expect(services).toContain(
      'isAttached(parameters: StorageDomainIsAttachedParameters, options: CallOptions = {}): Promise<boolean> {',
    );
    expect(services).toMatch(/export interface HostFenceParameters \{[\s\S]*?\n {2}fenceType: string;/);
  });

  it('types action outputs as always there, but for the actions the engine answers without them', () => {
    const services = files.get('services.ts') ?? '';
    expect(services).toContain('Promise<types.ProxyTicket> {');
    expect(services).toContain(
      'iscsiDiscover(parameters: HostIscsiDiscoverParameters, options: CallOptions = {}): Promise<string[]> {',
    );
    expect(services).toContain('Promise<types.PowerManagement | undefined> {');
    expect(services).toContain(
      'remoteViewerConnectionFile(parameters: VmGraphicsConsoleRemoteViewerConnectionFileParameters = {}, options: CallOptions = {}): Promise<string | undefined> {',
    );
    expect(services).toContain('Promise<types.GlusterVolumeProfileDetails | undefined> {');
  });
});

describe('emitOvirt: documentation', () => {
  const comments = () =>
    [...files.values()].flatMap((text) =>
      [...text.matchAll(/^ *\/\*\*[\s\S]*?\*\//gm)].map((match) => match[0]),
    );

  it('leaves no AsciiDoc cross reference or product placeholder in any comment', () => {
    const text = comments().join('\n');
    expect(text).not.toMatch(/xref:|<<[a-z]/);
    expect(text).not.toMatch(/\{(product|engine|hypervisor)-name\}|virt-product-fullname/);
    expect(text).toContain('{@link Initialization.cloudInit | cloud_init}');
    expect(text).toContain('{@link types.ImageTransferPhase | initializing}');
    expect(text).toContain('oVirt Node');
  });

  it('links types.ts comments to services through a type-only import', () => {
    const types = files.get('types.ts') ?? '';
    expect(types).toContain("import type * as services from './services.js';");
    expect(types).toMatch(/\{@link services\.\w+Service/);
  });

  it('fills comment lines to the formatter width, but for unbreakable URLs and code', () => {
    const tooLong = comments()
      .flatMap((comment) => comment.split('\n'))
      .filter((line) => line.length > 110);
    // Each is a Markdown link to a long URL, or the request line of an HTTP example.
    for (const line of tooLong)
      expect(line).toMatch(/\]\(https?:\/\/\S{60,}\)|^ +\* +DELETE \/ovirt-engine\/\S+ HTTP\/1\.1$/);
    expect(tooLong.length).toBeLessThan(10);
  });
});

describe('ModelLinks', () => {
  it('resolves model paths to what each generated file can name, and nothing else', () => {
    const inServices = new ModelLinks(ir).targets('services');
    expect(inServices.link('types/vm/attributes/name')).toBe('types.Vm.name'); // declared on a base
    expect(inServices.link('types/vm_status/values/up')).toBe('types.VmStatus.UP');
    expect(inServices.link('services/vm/methods/start')).toBe('VmService.start');
    expect(inServices.link('services/hosts/methods/list/parameters/all_content')).toBe(
      'HostsListParameters.allContent',
    );
    expect(inServices.link('services/vms/methods/add/parameters/vm')).toBe('VmsService.add');
    expect(inServices.link('services/area')).toBeUndefined();
    expect(inServices.link('types/vm/attributes/no_such_thing')).toBeUndefined();
    const links = new ModelLinks(ir);
    const inTypes = links.targets('types');
    expect(inTypes.link('types/vm')).toBe('Vm');
    expect(links.typesLinkServices).toBe(false);
    expect(inTypes.link('services/vms')).toBe('services.VmsService');
    expect(links.typesLinkServices).toBe(true);
  });
});

describe('digestOvirt', () => {
  it('lists every service method and type', () => {
    const digest = digestOvirt(ir);
    expect(digest.methods['VmService.start']?.params.pause).toEqual({ type: 'boolean', required: false });
    expect(digest.methods['VmsService.add']?.params.vm).toEqual({ type: 'VmsAddVm', required: true });
    expect(digest.methods['VmsService.list']?.params.search).toEqual({ type: 'string', required: false });
    expect(digest.methods['HostService.fence']?.params.fenceType).toEqual({ type: 'string', required: true });
    expect(digest.methods['StorageDomainService.isAttached']).toEqual({
      params: {
        host: { type: 'types.Host & { id: string }', required: true },
        async: { type: 'boolean', required: false },
      },
      returns: 'boolean',
    });
    expect(digest.types.VmStatus).toMatchObject({ enum: expect.arrayContaining(['up', 'down']) });
    expect(Object.keys(digest.methods).some((name) => name.startsWith('AreaService'))).toBe(false);
  });
});

describe('names', () => {
  it('apply the model plural, singular and tag rules', () => {
    expect(plural('katello_erratum')).toBe('katello_errata');
    expect(plural('display')).toBe('displays');
    expect(plural('data_center')).toBe('data_centers');
    expect(plural('policy')).toBe('policies');
    expect(singular('usages')).toBe('usage');
    expect(singular('properties')).toBe('property');
    expect(tagName('operating_system_infos')).toBe('operation_systems');
  });
});

describe('a model whose parameters take call-option names (a fake IR)', () => {
  const thing: StructIr = {
    kind: 'struct',
    name: 'thing',
    attributes: [{ name: 'name', type: 'string' }],
    links: [],
  };
  const fake: OvirtIr = {
    root: 'system',
    documents: [],
    types: [thing, { kind: 'primitive', name: 'string' }, { kind: 'primitive', name: 'integer' }],
    services: [
      { name: 'system', methods: [], locators: [{ name: 'things', service: 'things', parameters: [] }] },
      {
        name: 'things',
        locators: [],
        methods: [
          {
            name: 'list',
            action: false,
            parameters: [
              { name: 'max', type: 'integer', in: true, out: false },
              { name: 'query', type: 'string', in: true, out: false },
              { name: 'signal', type: 'string', in: true, out: false },
              { name: 'things', type: 'thing[]', in: false, out: true },
            ],
          },
          {
            name: 'add',
            action: false,
            parameters: [
              { name: 'parameters', type: 'thing', in: true, out: true },
              { name: 'headers', type: 'string', in: true, out: false },
            ],
          },
          {
            name: 'reset',
            action: true,
            parameters: [
              { name: 'timeout', type: 'integer', in: true, out: false },
              { name: 'retry', type: 'integer', in: true, out: false },
            ],
          },
        ],
      },
    ],
  };

  it('generates: the names stay parameters, and each method tells the base which they are', () => {
    const services = new Map(emit(fake).map((file) => [file.path, file.text])).get('services.ts') ?? '';
    expect(services).toMatch(
      /export interface ThingsListParameters \{[\s\S]*query\?: string;[\s\S]*signal\?: string;/,
    );
    expect(services).toContain("return this.$list(parameters, options, ['query', 'signal']);");
    expect(services).toContain(
      'add(parameters_: types.Thing, parameters: ThingsAddParameters = {}, options: CallOptions = {}): Promise<types.Thing> {',
    );
    expect(services).toContain("return this.$add(parameters_, 'Thing', parameters, options, ['headers']);");
    expect(services).toContain(
      "return this.$action('reset', undefined, parameters, options, ['retry', 'timeout']);",
    );
    const digest = digestOvirt(fake);
    expect(Object.keys(digest.methods['ThingsService.list']?.params ?? {})).toEqual([
      'max',
      'query',
      'signal',
    ]);
  });
});
