import { describe, expect, it } from 'vitest';
import type { OneIr, XsdElement, XsdType } from './ir.js';
import { methodDoc } from './method-docs.js';
import { readOpenNebula } from './reader.js';
import { LATEST, oneSchemaDir } from './test-support.js';
import { typeModel } from './type-model.js';
import { commentsAsDocumentation } from './xsd-docs.js';

const ir = readOpenNebula(oneSchemaDir(LATEST));
const model = typeModel(ir);

function field(record: string, name: string) {
  const found = model.records.find((r) => r.name === record)?.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no ${record}.${name}`);
  return found;
}

describe('the XSDs’ comments', () => {
  it('become documentation inside the root only, escaped', () => {
    expect(commentsAsDocumentation('<!-- a < b --><xs:schema><!-- x & y --><e/></xs:schema>')).toBe(
      '<!-- a < b --><xs:schema><xs:annotation><xs:documentation> x &amp; y </xs:documentation></xs:annotation><e/></xs:schema>',
    );
  });

  it('document the element after them, or before them when they start with ^^', () => {
    expect(field('VmMonitoring', 'CPU').doc).toBe(
      'Percentage of 1 CPU consumed (two fully consumed cpu is 2.0)',
    );
    expect(field('VmMonitoring', 'CPU_FORECAST').doc).toBeUndefined();
    expect(field('HostHostShare', 'MEM_USAGE').doc).toMatch(/^KB, Usage of MEMORY calculated by ONE/);
    expect(field('HostHostShare', 'CPU_USAGE').doc).toMatch(/^Percentage, Usage of CPU/);
    expect(field('Hook', 'HOOKLOG').doc).toMatch(/only include in one.hook.info/);
  });

  it('document the element a ^^ comment follows the forecasts of', () => {
    expect(field('HostMonitoringCapacity', 'FREE_CPU').doc).toBe(
      'Percentage, Free CPU as returned by the probes',
    );
    expect(field('HostMonitoringCapacity', 'FREE_CPU_FORECAST_FAR').doc).toBeUndefined();
    expect(field('HostMonitoringCapacity', 'USED_MEMORY').doc).toMatch(
      /^KB, Memory used by all host processes/,
    );
  });
});

describe('the fields of a constant group', () => {
  it('are typed as the group, with a doc that names it, not the XSD’s list of (partly retired) values', () => {
    expect(field('Vm', 'STATE').type).toEqual({ kind: 'scalar', scalar: 'integer', constant: 'VM_STATE' });
    expect(field('VmPoolVm', 'LCM_STATE').type).toMatchObject({ constant: 'LCM_STATE' });
    expect(field('Host', 'STATE').doc).toBe(
      'A value of {@link HOST_STATES}; `nameOf(HOST_STATES, value)` gives its name.',
    );
    expect(field('Image', 'TYPE').type).toMatchObject({ constant: 'IMAGE_TYPES' });
    expect(field('VmHistoryRecordsHistory', 'ACTION').type).toMatchObject({ constant: 'HISTORY_ACTION' });
    expect(field('Raft', 'STATE').type).toEqual({ kind: 'scalar', scalar: 'integer' });
  });

  it('must be integers the XSDs declare: a stale entry fails the generation', () => {
    const changed = structuredClone(ir) as OneIr;
    const vm = changed.documents.find((d) => d.id === 'vm')?.root.type as XsdType & { kind: 'complex' };
    const state = vm.children.find((c) => c.name === 'STATE') as XsdElement;
    state.type = { kind: 'scalar', scalar: 'string' };
    expect(() => typeModel(changed)).toThrow('field-facts.ts: VM/STATE is not an integer everywhere');
  });
});

describe('the fields’ docs', () => {
  it('say what an object’s common fields hold', () => {
    expect(field('Vm', 'UID').doc).toBe('The id of the user that owns it.');
    expect(field('Image', 'ID').doc).toBe("The image's id.");
    expect(field('VnetPoolVnet', 'NAME').doc).toBe("The virtual network's name.");
    expect(field('Permissions', 'GROUP_M').doc).toBe(
      '1 when the users of its group may manage it, 0 when not.',
    );
    expect(field('DatastoreQuotaDatastore', 'ID').doc).toBe('The id of the datastore the quota is on.');
    expect(field('Datastore', 'ID').doc).toBe("The datastore's id.");
    // History records have UID and GID, but no owner: no owner's doc.
    expect(field('VmHistoryRecordsHistory', 'UID').doc).toBeUndefined();
  });

  it('cover a third of the fields', () => {
    const fields = model.records.flatMap((r) => r.fields);
    const documented = fields.filter((f) => f.doc !== undefined).length;
    expect(documented / fields.length).toBeGreaterThan(1 / 3);
  });
});

describe('the methods’ docs', () => {
  it('are there for every method and parameter', () => {
    for (const method of ir.methods) {
      expect(method.summary, method.xmlrpc).not.toBe('');
      expect(method.returnsDoc, method.xmlrpc).not.toBe('');
      for (const param of method.params) expect(param.doc, `${method.xmlrpc} ${param.name}`).not.toBe('');
    }
  });

  it('fail the generation for a method or a parameter they do not know', () => {
    expect(() => methodDoc('one.newthing.frobnicate', [], { kind: 'id' })).toThrow(
      'method-docs.ts: no doc for one.newthing.frobnicate',
    );
    expect(() =>
      methodDoc('one.vm.info', [{ name: 'verbose' }], { kind: 'document', document: 'vm' }),
    ).toThrow('method-docs.ts: no doc for parameter verbose of one.vm.info');
  });

  it('follow the pattern of a verb, with the namespace’s noun', () => {
    const doc = methodDoc('one.vntemplate.lock', [{ name: 'oid' }, { name: 'level' }], { kind: 'id' });
    expect(doc.summary).toBe(
      'Locks the virtual network template against the actions of a level, until `unlock`.',
    );
    expect(doc.params['oid']).toBe("The virtual network template's id.");
    expect(doc.returns).toBe("The virtual network template's id.");
  });
});
