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

/** The groups pyone lacks, and the C++ enum of each. */
const NOT_IN_PYONE: Record<string, string> = {
  MARKETPLACE_STATES: 'MarketPlace::MarketPlaceState',
  VN_STATES: 'VirtualNetwork::VirtualNetworkState',
  ZONE_STATES: 'Zone::ZoneState',
};

describe('constants', () => {
  const table = reference();
  const groups = Object.entries(constants).filter(([, value]) => typeof value === 'object') as Array<
    [string, Record<string, number>]
  >;

  it('has pyone’s groups, and the states of virtual networks, marketplaces and zones', () => {
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
        ...Object.keys(NOT_IN_PYONE),
      ].sort(),
    );
  });

  it.each(groups)('%s has exactly the current (not retired) C++ values', (name, group) => {
    const cppEnum = table.pyone.groups[name]?.cpp_enum ?? NOT_IN_PYONE[name];
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

  it.each(groups)('%s names every current C++ value, by a name that stands for it', (name, group) => {
    const cppEnum = table.pyone.groups[name]?.cpp_enum ?? NOT_IN_PYONE[name];
    const values = table.enums.find((e) => e.cpp_enum === cppEnum)?.values.filter((v) => !v.retired) ?? [];
    for (const { value } of values) expect(group[constants.nameOf(group, value) as string]).toBe(value);
  });
});

describe('nameOf', () => {
  it('gives the name of a value, as pyone’s IntEnum(value).name', () => {
    expect(constants.nameOf(constants.VM_STATE, 3)).toBe('ACTIVE');
    expect(constants.nameOf(constants.LCM_STATE, 3)).toBe('RUNNING');
    expect(constants.nameOf(constants.LCM_STATE, 71)).toBe('RESTORE');
    expect(constants.nameOf(constants.HISTORY_ACTION, 2)).toBe('live-migrate');
    expect(constants.nameOf(constants.IMAGE_TYPES, 6)).toBe('BACKUP');
  });

  it('gives undefined for a value the group lacks: a retired one, or one a newer oned adds', () => {
    expect(constants.nameOf(constants.VM_STATE, 7)).toBeUndefined();
    expect(constants.nameOf(constants.LCM_STATE, 99)).toBeUndefined();
    expect(constants.nameOf(constants.HOST_STATES, -1)).toBeUndefined();
  });

  it('reads only the group’s own names', () => {
    const group = Object.assign(Object.create({ INHERITED: 5 }) as Record<string, number>, { OWN: 4 });
    expect(constants.nameOf(group, 4)).toBe('OWN');
    expect(constants.nameOf(group, 5)).toBeUndefined();
  });
});
