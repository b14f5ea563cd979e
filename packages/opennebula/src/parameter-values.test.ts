import { ParameterError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { chmodParams, PERMISSION, POOL_FILTER } from './parameter-values.js';

describe('POOL_FILTER', () => {
  it('has the four filter flags of the XML-RPC reference', () => {
    expect(POOL_FILTER).toEqual({ PRIMARY_GROUP: -4, MINE: -3, ALL: -2, MINE_AND_GROUPS: -1 });
  });
});

describe('chmodParams', () => {
  it('turns an octet into the nine arguments, owner then group then others, use/manage/admin each', () => {
    expect(chmodParams('640')).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(chmodParams('751')).toEqual([1, 1, 1, 1, 0, 1, 0, 0, 1]);
    expect(chmodParams('000')).toEqual(Array(9).fill(PERMISSION.DENY));
    expect(chmodParams('777')).toEqual(Array(9).fill(PERMISSION.ALLOW));
  });

  it('refuses anything but three octal digits', () => {
    for (const octet of ['64', '6400', '680', 'rw-', ' 640', '-1'])
      expect(() => chmodParams(octet), octet).toThrow(ParameterError);
  });
});
