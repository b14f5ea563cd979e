import { DecodeError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { decodeDocument, decodeUntyped } from './decode.js';
import type { HostPool, Vm } from './generated/types.js';

/** A VM as oned 7 writes it (entity-escaped values), trimmed, with one disk and one history record. */
const VM = `<VM><ID>7</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>web-1</NAME>
<PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A><GROUP_U>0</GROUP_U><GROUP_M>0</GROUP_M><GROUP_A>0</GROUP_A><OTHER_U>0</OTHER_U><OTHER_M>0</OTHER_M><OTHER_A>0</OTHER_A></PERMISSIONS>
<LAST_POLL>0</LAST_POLL><STATE>3</STATE><LCM_STATE>3</LCM_STATE><PREV_STATE>3</PREV_STATE><PREV_LCM_STATE>3</PREV_LCM_STATE><RESCHED>0</RESCHED>
<STIME>1700000000</STIME><ETIME>0</ETIME><DEPLOY_ID>one-7</DEPLOY_ID>
<MONITORING><CPU>1.5</CPU><MEMORY>524288</MEMORY><STATE>RUNNING</STATE></MONITORING>
<SCHED_ACTIONS/>
<TEMPLATE><CPU><![CDATA[1]]></CPU><DISK><DISK_ID>0</DISK_ID><IMAGE_ID>3</IMAGE_ID><TARGET>vda</TARGET></DISK><MEMORY>1024</MEMORY><NOTE>a &amp; b</NOTE><FUTURE_ATTR>kept</FUTURE_ATTR></TEMPLATE>
<USER_TEMPLATE/>
<HISTORY_RECORDS><HISTORY><OID>7</OID><SEQ>0</SEQ><HOSTNAME>node1</HOSTNAME><HID>0</HID><CID>0</CID><STIME>1700000001</STIME><ETIME>0</ETIME><VM_MAD>kvm</VM_MAD><TM_MAD>ssh</TM_MAD><DS_ID>0</DS_ID><PLAN_ID>-1</PLAN_ID><ACTION_ID>-1</ACTION_ID><PSTIME>0</PSTIME><PETIME>0</PETIME><RSTIME>0</RSTIME><RETIME>0</RETIME><ESTIME>0</ESTIME><EETIME>0</EETIME><ACTION>0</ACTION><UID>0</UID><GID>0</GID><REQUEST_ID>-1</REQUEST_ID></HISTORY></HISTORY_RECORDS>
<NEW_ELEMENT_FROM_A_LATER_ONED>ignored</NEW_ELEMENT_FROM_A_LATER_ONED>
</VM>`;

describe('decodeDocument', () => {
  const vm = decodeDocument(VM, 'Vm', 'VM') as Vm;

  it('makes integers and decimals numbers, keeps strings strings', () => {
    expect(vm.ID).toBe(7);
    expect(vm.STATE).toBe(3);
    expect(vm.NAME).toBe('web-1');
    expect(vm.DEPLOY_ID).toBe('one-7');
    expect(vm.PERMISSIONS?.OWNER_U).toBe(1);
  });

  it('makes a one-item list an array', () => {
    expect(vm.HISTORY_RECORDS.HISTORY).toHaveLength(1);
    expect(vm.HISTORY_RECORDS.HISTORY[0]?.HOSTNAME).toBe('node1');
    expect(vm.HISTORY_RECORDS.HISTORY[0]?.SEQ).toBe(0);
  });

  it('makes TEMPLATE a plain object: vectors arrays, unknown attributes kept, CDATA and entities read', () => {
    expect(vm.TEMPLATE).toEqual({
      CPU: '1',
      DISK: [{ DISK_ID: '0', IMAGE_ID: '3', TARGET: 'vda' }],
      MEMORY: '1024',
      NOTE: 'a & b',
      FUTURE_ATTR: 'kept',
    });
    expect(vm.USER_TEMPLATE).toEqual({});
  });

  it('ignores elements the XSD does not declare outside templates', () => {
    expect(vm).not.toHaveProperty('NEW_ELEMENT_FROM_A_LATER_ONED');
  });

  it('gives repeatable elements an empty array when absent', () => {
    const pool = decodeDocument('<HOST_POOL></HOST_POOL>', 'HostPool', 'HOST_POOL') as HostPool;
    expect(pool.HOST).toEqual([]);
  });

  it('fails with a DecodeError naming the path on bad content', () => {
    expect(() => decodeDocument('<VM><ID>seven</ID></VM>', 'Vm', 'VM')).toThrow(
      /VM\/ID should be an integer, got "seven"/,
    );
    expect(() => decodeDocument('<HOST/>', 'Vm', 'VM')).toThrow(/Expected a <VM> document, got <HOST>/);
    expect(() => decodeDocument('<VM><ID>1</ID><ID>2</ID></VM>', 'Vm', 'VM')).toThrow(
      /VM\/ID occurs more than once/,
    );
    expect(() => decodeDocument('<VM><ID>1', 'Vm', 'VM')).toThrow(DecodeError);
    expect(() => decodeDocument('<VM><NAME><B/></NAME></VM>', 'Vm', 'VM')).toThrow(
      /VM\/NAME should hold text/,
    );
  });
});

describe('decodeUntyped', () => {
  it('reads documents no XSD describes as templates', () => {
    expect(
      decodeUntyped('<SQL_COMMAND><RESULT><ROW><A>1</A></ROW></RESULT></SQL_COMMAND>', 'SQL_COMMAND'),
    ).toEqual({
      RESULT: [{ ROW: [{ A: '1' }] }],
    });
  });

  it('keeps an attribute named __proto__ as data, leaving the prototype alone', () => {
    const template = decodeUntyped(
      '<TEMPLATE><__proto__>x</__proto__><A>1</A><__proto__>y</__proto__></TEMPLATE>',
      'TEMPLATE',
    );
    expect(Object.getPrototypeOf(template)).toBe(Object.prototype);
    expect(Object.keys(template)).toEqual(['__proto__', 'A']);
    expect(Object.getOwnPropertyDescriptor(template, '__proto__')?.value).toEqual(['x', 'y']);
  });
});
