import { describe, expect, it } from 'vitest';
import { compileSearch, parseMax } from './search.js';
import { EngineFault } from './xml-out.js';

const vms = [
  { name: 'web01', status: 'up' },
  { name: 'web02', status: 'down' },
  { name: 'db01', status: 'up' },
  { name: 'my vm', status: 'down' },
];

function matching(query: string, caseSensitive = true): string[] {
  const matches = compileSearch(query, ['name', 'status'], caseSensitive);
  return vms.filter((vm) => matches(vm)).map((vm) => vm.name);
}

describe('compileSearch', () => {
  it('matches exact values and * wildcards anywhere', () => {
    expect(matching('name=web01')).toEqual(['web01']);
    expect(matching('name=web*')).toEqual(['web01', 'web02']);
    expect(matching('name=*0*')).toEqual(['web01', 'web02', 'db01']);
    expect(matching('name=w.b01')).toEqual([]); // regular expression characters are literal
  });

  it('binds and tighter than or, with keywords in any case', () => {
    expect(matching('name=web* and status=up')).toEqual(['web01']);
    expect(matching('name=db* OR name=web* AND status=down')).toEqual(['web02', 'db01']);
  });

  it('negates with != and takes quoted values with spaces', () => {
    expect(matching('status!=up')).toEqual(['web02', 'my vm']);
    expect(matching('name="my vm"')).toEqual(['my vm']);
    expect(matching('name="a or b" or name=db01')).toEqual(['db01']);
  });

  it('matches names for a bare word, and ignores case only when asked', () => {
    expect(matching('db01')).toEqual(['db01']);
    expect(matching('name=DB01')).toEqual([]);
    expect(matching('NAME=DB01', false)).toEqual(['db01']);
  });

  it('rejects unknown fields and empty terms with 400 faults', () => {
    expect(() => matching('colour=red')).toThrow(/unknown field 'colour' \(known: name, status\)/);
    expect(() => matching('name=a or  or name=b')).toThrow(EngineFault);
  });
});

describe('parseMax', () => {
  it('reads integers; absent or negative means no limit; anything else is a 400', () => {
    expect(parseMax('3')).toBe(3);
    expect(parseMax(null)).toBe(Number.POSITIVE_INFINITY);
    expect(parseMax('-1')).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseMax('1.5')).toThrow(/'1.5' of parameter 'max'/);
  });
});
