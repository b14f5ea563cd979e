import { readFileSync } from 'node:fs';
import { sharedPath } from '@overcast/generator-core/shared-data';
import { describe, expect, it } from 'vitest';
import * as constants from './constants.js';

interface Reference {
  enums: Array<{
    cpp_enum: string;
    values: Array<{ name: string; value: number; string?: string; retired?: boolean }>;
  }>;
  pyone: { groups: Record<string, { cpp_enum: string | null }> };
}

function reference(): Reference {
  const path = sharedPath('design/research/opennebula-constants.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Reference;
}

describe('constants', () => {
  const table = reference();
  const groups = Object.entries(constants).filter(([, value]) => typeof value === 'object') as Array<
    [string, Record<string, number>]
  >;

  it('has pyone’s groups', () => {
    expect(groups.map(([name]) => name).sort()).toEqual(
      [
        'DATASTORE_STATES',
        'DATASTORE_TYPES',
        'DISK_TYPES',
        'HISTORY_ACTION',
        'HOST_STATES',
        'HOST_STATUS',
        'IMAGE_STATES',
        'IMAGE_TYPES',
        'LCM_STATE',
        'MARKETPLACEAPP_STATES',
        'MARKETPLACEAPP_TYPES',
        'VM_STATE',
      ].sort(),
    );
  });

  it.each(groups)('%s has exactly the current (not retired) C++ values', (name, group) => {
    const cppEnum = table.pyone.groups[name]?.cpp_enum;
    const values = table.enums.find((e) => e.cpp_enum === cppEnum)?.values.filter((v) => !v.retired) ?? [];
    expect(values.length).toBeGreaterThan(0);
    expect(Object.values(group).sort((a, b) => a - b)).toEqual(
      values.map((v) => v.value).sort((a, b) => a - b),
    );
  });

  it('fixes pyone’s drifted values', () => {
    expect(constants.LCM_STATE.RESTORE).toBe(71);
    expect(constants.IMAGE_TYPES.BACKUP).toBe(6);
    expect(constants.IMAGE_TYPES.FILESYSTEM).toBe(7);
    expect(constants.DISK_TYPES.RBD_CDROM).toBe(4);
    expect(constants.DISK_TYPES.FILE_SYSTEM).toBe(10);
    expect(constants.DATASTORE_TYPES.BACKUP).toBe(3);
    expect(constants.HISTORY_ACTION['snapshot-create']).toBe(37);
    expect(constants.VM_STATE.ACTIVE).toBe(3);
  });
});
