import { describe, expect, it } from 'vitest';
import type { OneIr, XsdDocument, XsdElement } from './ir.js';
import { readOpenNebula } from './reader.js';
import { LATEST, OLDER, oneSchemaDir, referenceMethods, researchJson } from './test-support.js';

const ir: OneIr = readOpenNebula(oneSchemaDir(LATEST));

function doc(id: string): XsdDocument {
  const found = ir.documents.find((d) => d.id === id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
}

function child(element: XsdElement, ...path: string[]): XsdElement {
  let current = element;
  for (const name of path) {
    if (current.type.kind !== 'complex') throw new Error(`${current.name} is not complex`);
    const next = current.type.children.find((c) => c.name === name);
    if (!next) throw new Error(`no ${name} in ${current.name}`);
    current = next;
  }
  return current;
}

describe('the generated method table', () => {
  const reference = referenceMethods();
  const byName = new Map(ir.methods.map((m) => [m.xmlrpc, m]));

  it("types one.vm.action's name as the actions oned runs, each a name VMActions knows", () => {
    const [action, id] = byName.get('one.vm.action')?.params ?? [];
    expect(action?.values).toHaveLength(15);
    expect(action?.values).toContain('terminate-hard');
    expect(id?.values).toBeUndefined();
    interface Enum {
      cpp_enum: string;
      values: Array<{ string?: string; from_string?: string | null }>;
    }
    const vmActions = researchJson<{ enums: Enum[] }>('opennebula-constants.json').enums.find(
      (e) => e.cpp_enum === 'VMActions::Action',
    );
    const known = new Set(vmActions?.values.filter((v) => v.from_string !== null).map((v) => v.string));
    for (const name of action?.values ?? []) expect(known, name).toContain(name);
  });

  it('has exactly the reference methods, with the same gRPC rpc', () => {
    expect([...byName.keys()].sort()).toEqual(reference.map((m) => m.xmlrpc).sort());
    for (const method of reference) expect(byName.get(method.xmlrpc)?.grpc, method.xmlrpc).toBe(method.grpc);
  });

  it('has the reference parameters in order, with their types and optional defaults', () => {
    for (const method of reference) {
      const ours = byName.get(method.xmlrpc);
      expect(
        ours?.params.map((p) => ({ name: p.name, type: p.type })),
        method.xmlrpc,
      ).toEqual(method.params);
      const defaults = method.cpp_params.map((p) =>
        p.optional_default === undefined
          ? undefined
          : JSON.parse(p.optional_default === '""' ? '""' : p.optional_default),
      );
      expect(
        ours?.params.map((p) => p.optionalDefault),
        method.xmlrpc,
      ).toEqual(defaults);
    }
  });

  it('returns ids for ResponseID rpcs and a document or text for every ResponseXML rpc', () => {
    for (const method of reference) {
      const returns = byName.get(method.xmlrpc)?.returns;
      if (method.response === 'ResponseID') expect(returns, method.xmlrpc).toEqual({ kind: 'id' });
      else if (method.response === 'ResponseXML')
        expect(returns?.kind, method.xmlrpc).toMatch(/document|text/);
      else expect(returns, method.xmlrpc).toEqual({ kind: 'value', message: method.response });
    }
  });

  it('maps methods to the response roots of the research note §2.7', () => {
    const root = (method: string) => {
      const returns = byName.get(method)?.returns;
      if (returns?.kind === 'document') return doc(returns.document).root.name;
      return returns?.kind === 'untyped-document' ? returns.root : returns?.kind;
    };
    expect(root('one.vm.info')).toBe('VM');
    expect(root('one.vmpool.info')).toBe('VM_POOL');
    expect(byName.get('one.vmpool.info')?.returns).toEqual({ kind: 'document', document: 'vm_pool' });
    expect(byName.get('one.vmpool.infoextended')?.returns).toEqual({
      kind: 'document',
      document: 'vm_pool_extended',
    });
    expect(root('one.vnpool.info')).toBe('VNET_POOL');
    expect(root('one.templatepool.info')).toBe('VMTEMPLATE_POOL');
    expect(root('one.secgroup.info')).toBe('SECURITY_GROUP');
    expect(root('one.marketpool.info')).toBe('MARKETPLACE_POOL');
    expect(root('one.marketapp.info')).toBe('MARKETPLACEAPP');
    expect(root('one.vmgrouppool.info')).toBe('VM_GROUP_POOL');
    expect(root('one.acl.info')).toBe('ACL_POOL');
    for (const m of [
      'one.vm.monitoring',
      'one.vmpool.monitoring',
      'one.host.monitoring',
      'one.hostpool.monitoring',
    ]) {
      expect(root(m)).toBe('MONITORING_DATA');
    }
    expect(root('one.vmpool.accounting')).toBe('HISTORY_RECORDS');
    expect(root('one.vmpool.showback')).toBe('SHOWBACK_RECORDS');
    expect(root('one.system.config')).toBe('OPENNEBULA_CONFIGURATION');
    expect(root('one.zone.raftstatus')).toBe('RAFT');
    expect(root('one.hooklog.info')).toBe('HOOKLOG');
    expect(root('one.groupquota.info')).toBe('DEFAULT_GROUP_QUOTAS');
    expect(root('one.userquota.info')).toBe('DEFAULT_USER_QUOTAS');
    expect(root('one.system.sqlquery')).toBe('SQL_COMMAND');
    for (const m of [
      'one.system.version',
      'one.user.login',
      'one.image.restore',
      'one.vmpool.calculateshowback',
    ]) {
      expect(root(m)).toBe('text');
    }
  });
});

describe('the XSD documents', () => {
  it('has one document per root, duplicate roots told apart by file', () => {
    expect(ir.documents.filter((d) => d.root.name === 'VM_POOL').map((d) => d.id)).toEqual([
      'vm_pool',
      'vm_pool_extended',
    ]);
    expect(ir.documents.filter((d) => d.root.name === 'HOOK_MESSAGE')).toHaveLength(3);
    expect(doc('acct#HISTORY').root.name).toBe('HISTORY');
  });

  it('marks repeatable elements, optional ones, integers, decimals and refs', () => {
    expect(child(doc('host_pool').root, 'HOST')).toEqual({
      name: 'HOST',
      required: false,
      repeated: true,
      type: { kind: 'document', id: 'host' },
    });
    expect(child(doc('vm').root, 'ID').type).toEqual({ kind: 'scalar', scalar: 'integer' });
    expect(child(doc('vm').root, 'HISTORY_RECORDS', 'HISTORY').repeated).toBe(true);
    expect(child(doc('vm').root, 'LOCK')).toMatchObject({
      required: false,
      type: { kind: 'named', name: 'LOCK' },
    });
    expect(child(doc('monitoring_data').root, 'MONITORING', 'CPU').type).toEqual({
      kind: 'scalar',
      scalar: 'decimal',
    });
  });

  it('types TEMPLATE and USER_TEMPLATE as free-form whatever the XSD says', () => {
    expect(child(doc('vm').root, 'TEMPLATE').type).toMatchObject({
      kind: 'template',
      declared: { kind: 'complex' },
    });
    expect(child(doc('vm').root, 'USER_TEMPLATE').type).toEqual({ kind: 'template' });
    expect(child(doc('host').root, 'TEMPLATE').type).toEqual({ kind: 'template' });
  });

  it('reads xs:choice branches as optional repeatable lists and keeps enumerations', () => {
    const pool = doc('group_pool').root;
    for (const name of ['GROUP', 'QUOTAS', 'VLAN_RULES'])
      expect(child(pool, name)).toMatchObject({ required: false, repeated: true });
    expect(child(doc('api_info').root, 'PARAMETERS', 'PARAMETER', 'TYPE').type).toEqual({
      kind: 'scalar',
      scalar: 'string',
      enum: ['IN', 'OUT'],
    });
    expect(child(doc('api_info').root, 'EXTRA').type).toMatchObject({ kind: 'complex', open: true });
  });

  it('reads the named types of shared.xsd', () => {
    expect(ir.namedTypes['IDS']?.children).toEqual([
      { name: 'ID', required: false, repeated: true, type: { kind: 'scalar', scalar: 'integer' } },
    ]);
  });

  it('is deterministic and plain JSON', () => {
    const again = readOpenNebula(oneSchemaDir(LATEST));
    expect(JSON.stringify(again)).toBe(JSON.stringify(ir));
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  }, 30_000);

  it('reads 7.2.0, which lacks the 3 methods 7.5.80 added', () => {
    const older = readOpenNebula(oneSchemaDir(OLDER));
    const names = new Set(older.methods.map((m) => m.xmlrpc));
    expect(ir.methods.filter((m) => !names.has(m.xmlrpc)).map((m) => m.xmlrpc)).toEqual([
      'one.group.vlan',
      'one.vm.vmgroupadd',
      'one.vm.vmgroupdel',
    ]);
  }, 30_000);
});
