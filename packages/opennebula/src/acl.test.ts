import { describe, expect, it } from 'vitest';
import { aclRuleParams, parseAclRule } from './acl.js';

describe('ACL rules', () => {
  it('gives the hex strings one.acl.addrule takes (pyone/oneacl examples)', () => {
    expect(aclRuleParams('#5 VM+NET/@100 USE+MANAGE')).toEqual(['0x100000005', '0x5200000064', '0x3']);
    expect(aclRuleParams('@106 IMAGE/#31 USE')).toEqual(['0x20000006a', '0x810000001f', '0x1']);
    expect(aclRuleParams('* VM+IMAGE+TEMPLATE/* CREATE+USE #0')).toEqual([
      '0x400000000',
      '0x29400000000',
      '0x9',
      '0x100000000',
    ]);
  });

  it('uses BigInt for masks beyond 2^53', () => {
    const rule = parseAclRule('#0 BACKUPJOB+VNTEMPLATE/%2 ADMIN *');
    expect(rule.resource).toBe(0x100000000000000n | 0x40000000000000n | 0x800000002n);
    expect(rule.resource > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('names what is wrong in a bad rule', () => {
    expect(() => parseAclRule('#5 VM/#1')).toThrow(/must be "<user> <resources>/);
    expect(() => parseAclRule('#5 VMS/#1 USE')).toThrow(/resource type "VMS"/);
    expect(() => parseAclRule('5 VM/#1 USE')).toThrow(/ACL user "5"/);
    expect(() => parseAclRule('#5 VM/#1 READ')).toThrow(/ACL right "READ"/);
  });
});
