import { describe, expect, it } from 'vitest';
import { NotFound, Store } from './store.js';

interface Vm {
  ID: number;
  NAME: string;
  STATE: string;
  TEMPLATE: { MEMORY: string };
}

const vmNamed = (NAME: string) => (ID: number) => ({
  ID,
  NAME,
  STATE: 'PENDING',
  TEMPLATE: { MEMORY: '512' },
});

describe('Store collections', () => {
  it('allocate sequential ids from 0, or from a given start', () => {
    const store = new Store();
    const vms = store.collection<Vm>({ ids: 'sequential' });
    const users = store.collection<{ ID: number }>({ ids: 'sequential', start: 2 });

    expect([vms.insert(vmNamed('a')).ID, vms.insert(vmNamed('b')).ID]).toEqual([0, 1]);
    expect(users.insert((ID) => ({ ID })).ID).toBe(2);
  });

  it('allocate distinct v4 UUIDs', () => {
    const zones = new Store().collection<{ id: string }>({ ids: 'uuid' });

    const ids = [zones.insert((id) => ({ id })).id, zones.insert((id) => ({ id })).id];

    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('get, list, update and delete', () => {
    const vms = new Store().collection<Vm>({ ids: 'sequential' });
    vms.insert(vmNamed('web'));
    vms.insert(vmNamed('db'));

    expect(vms.get(1)).toMatchObject({ ID: 1, NAME: 'db' });
    expect(vms.list().map((vm) => vm.NAME)).toEqual(['web', 'db']);
    expect(vms.list((vm) => vm.NAME === 'db')).toHaveLength(1);
    expect(vms.update(0, { STATE: 'ACTIVE' })).toMatchObject({ ID: 0, NAME: 'web', STATE: 'ACTIVE' });
    expect(vms.update(0, (vm) => ({ ...vm, NAME: `${vm.NAME}-1` }))).toMatchObject({ NAME: 'web-1' });
    expect(vms.delete(0)).toMatchObject({ NAME: 'web-1', STATE: 'ACTIVE' });
    expect(vms.size).toBe(1);
  });

  it('answer NotFound, not an exception, for unknown ids', () => {
    const vms = new Store().collection<Vm>({ ids: 'sequential' });

    expect(vms.get(7)).toBe(NotFound);
    expect(vms.update(7, { STATE: 'ACTIVE' })).toBe(NotFound);
    expect(vms.delete(7)).toBe(NotFound);
  });

  it('never let a caller change stored state through a reference', () => {
    const vms = new Store().collection<Vm>({ ids: 'sequential' });
    const template = { MEMORY: '512' };
    const inserted = vms.insert((ID) => ({ ID, NAME: 'web', STATE: 'PENDING', TEMPLATE: template }));

    template.MEMORY = 'changed via the object passed in';
    inserted.TEMPLATE.MEMORY = 'changed via the insert result';
    const got = vms.get(0);
    if (got !== NotFound) got.TEMPLATE.MEMORY = 'changed via get';
    for (const vm of vms.list()) vm.TEMPLATE.MEMORY = 'changed via list';
    const updated = vms.update(0, (vm) => vm);
    if (updated !== NotFound) updated.TEMPLATE.MEMORY = 'changed via the update result';

    expect(vms.get(0)).toMatchObject({ TEMPLATE: { MEMORY: '512' } });
  });

  it('reset() empties every collection and restarts ids', () => {
    const store = new Store();
    const vms = store.collection<Vm>({ ids: 'sequential' });
    const hosts = store.collection<{ id: string }>({ ids: 'uuid' });
    vms.insert(vmNamed('a'));
    vms.insert(vmNamed('b'));
    hosts.insert((id) => ({ id }));

    store.reset();

    expect([vms.size, hosts.size]).toEqual([0, 0]);
    expect(vms.insert(vmNamed('c')).ID).toBe(0);
  });
});
