/**
 * The walk-through of packages/opennebula/README.md, executed as written against the simulator:
 * the block between the walkthrough markers is transpiled, its imports bound to the real modules,
 * and what it prints is checked.
 */
import * as opennebula from '@overcast/opennebula';
import * as runtime from '@overcast/runtime';
import * as simulators from '@overcast/simulators';
import { describe, expect, it } from 'vitest';
import { typeErrors, walkthrough } from './support/readme.js';

const walk = walkthrough('opennebula', {
  '@overcast/opennebula': opennebula,
  '@overcast/runtime': runtime,
  '@overcast/simulators': simulators,
});

describe('the README walk-through', () => {
  it('type-checks with the project’s strict settings, with no cast and no !', () => {
    expect(walk.source()).not.toMatch(/!\.|!\)|!\[| as [A-Z]/);
    expect(typeErrors(walk.source())).toEqual([]);
    // …and the check does catch a mistake:
    expect(
      typeErrors(
        "import { OneServer } from '@overcast/opennebula';\nconst id: string = await new OneServer('http://x', { session: 'a:b' }).vm.allocate('');\n",
      ),
    ).toEqual(["Type 'number' is not assignable to type 'string'."]);
  }, 60_000);

  it('runs against the simulator and shows what it says', async () => {
    const lines: unknown[][] = [];
    await walk.run((...args) => lines.push(args));
    const printed = Object.fromEntries(lines.map(([label, ...rest]) => [String(label), rest]));
    expect(printed['host']).toEqual([0, 'node1', 'x86_64']);
    expect(printed['labels']).toEqual(['HD']);
    expect(printed['host state']).toEqual([true]);
    expect(printed['markets']?.[0]).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(printed['disks']).toEqual([['0', '1']]);
    expect(printed['permissions']).toEqual([1, 1, 0]);
    expect(printed['memory']).toEqual(['2048']);
    expect(printed['templates']).toEqual([['web', 'test100'], 1]);
    expect(printed['running']).toEqual(['my_VM', 'ACTIVE', 'RUNNING']);
    expect(printed['user template']).toEqual([{ NAME: 'abc', MEMORY: '1024' }]);
    expect(printed['vms']).toEqual([['0:my_VM']]);
    expect(printed['missing']).toEqual([true, 0x400]);
    expect(printed['denied']).toEqual([true, true]);
    expect(printed['disk type']).toEqual([0, '7.5.80']);
  }, 30_000);

  it('keeps the ARCHITECTURE §3 contract: its snippet compiles as written (plain strict mode)', () => {
    const snippet = `import { OneServer, VM_STATE, LCM_STATE, OneNoExistsError } from '@overcast/opennebula';
const one = new OneServer('http://one:2633/RPC2', { session: 'oneadmin:onepass' });
const pool = await one.hostpool.info();
const id: number = pool.HOST[0].ID;
const host = await one.host.info(0);  host.TEMPLATE['ARCH'];
await one.host.update(0, { LABELS: 'HD' }, 1);
await one.vm.update(1, { TEMPLATE: { NAME: 'abc', MEMORY: '1024' } }, 1);
await one.template.allocate('NAME="test100"\\nMEMORY="1024"');
await one.vm.action('terminate', 0);
export { id, VM_STATE, LCM_STATE, OneNoExistsError };
`;
    // With noUncheckedIndexedAccess (this repository's setting) `pool.HOST[0]` may be undefined, as for any array.
    expect(typeErrors(snippet, { noUncheckedIndexedAccess: false })).toEqual([]);
  }, 60_000);
});
