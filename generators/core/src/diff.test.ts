import { describe, expect, it } from 'vitest';
import { type ApiChange, diffDigests, formatDiff } from './diff.js';
import type { ApiDigest, DigestMethod, DigestType } from './digest.js';

const optional = (type = 'string') => ({ type, required: false });
const required = (type = 'string') => ({ type, required: true });

function digest(
  version: string,
  methods: Record<string, DigestMethod>,
  types: Record<string, DigestType> = {},
): ApiDigest {
  return { provider: 'cloudstack', schemaVersion: version, methods, types };
}

const base = digest(
  '4.18',
  { listVms: { params: { zoneid: optional(), id: required() }, returns: 'Vm[]' } },
  { Vm: { fields: { id: required(), name: optional() } }, VmState: { enum: ['Running', 'Stopped'] } },
);

/** The fields of type `Vm` in `d`. */
function fieldsOf(d: ApiDigest) {
  const vm = d.types['Vm'];
  if (!vm || !('fields' in vm)) throw new Error('Vm has no fields');
  return vm.fields;
}

/** `base` at 4.19 with one change made by `edit`. */
function changed(edit: (next: ApiDigest) => void): ApiDigest {
  const next = structuredClone({ ...base, schemaVersion: '4.19' });
  edit(next);
  return next;
}

describe('diffDigests', () => {
  it.each<[string, (next: ApiDigest) => void, Omit<ApiChange, 'detail'> & { detail?: string }]>([
    [
      'method added',
      (d) => (d.methods['startVm'] = { params: {}, returns: 'Vm' }),
      { level: 'minor', kind: 'added', subject: 'method', name: 'startVm' },
    ],
    [
      'method removed',
      (d) => delete d.methods['listVms'],
      { level: 'major', kind: 'removed', subject: 'method', name: 'listVms' },
    ],
    [
      'return type changed',
      (d) => (d.methods['listVms']!.returns = 'Vm'),
      { level: 'major', kind: 'changed', subject: 'method', name: 'listVms', detail: 'returns Vm[] → Vm' },
    ],
    [
      'optional parameter added',
      (d) => (d.methods['listVms']!.params['page'] = optional('number')),
      {
        level: 'minor',
        kind: 'added',
        subject: 'parameter',
        name: 'listVms(page)',
        detail: 'optional number',
      },
    ],
    [
      'required parameter added',
      (d) => (d.methods['listVms']!.params['account'] = required()),
      {
        level: 'major',
        kind: 'added',
        subject: 'parameter',
        name: 'listVms(account)',
        detail: 'required string',
      },
    ],
    [
      'parameter removed',
      (d) => delete d.methods['listVms']!.params['zoneid'],
      { level: 'major', kind: 'removed', subject: 'parameter', name: 'listVms(zoneid)' },
    ],
    [
      'parameter type changed',
      (d) => (d.methods['listVms']!.params['zoneid'] = optional('number')),
      {
        level: 'major',
        kind: 'changed',
        subject: 'parameter',
        name: 'listVms(zoneid)',
        detail: 'type string → number',
      },
    ],
    [
      'optional parameter made required',
      (d) => (d.methods['listVms']!.params['zoneid'] = required()),
      {
        level: 'major',
        kind: 'changed',
        subject: 'parameter',
        name: 'listVms(zoneid)',
        detail: 'now required',
      },
    ],
    [
      'required parameter made optional',
      (d) => (d.methods['listVms']!.params['id'] = optional()),
      { level: 'minor', kind: 'changed', subject: 'parameter', name: 'listVms(id)', detail: 'now optional' },
    ],
    [
      'type added',
      (d) => (d.types['Zone'] = { fields: {} }),
      { level: 'minor', kind: 'added', subject: 'type', name: 'Zone' },
    ],
    [
      'type removed',
      (d) => delete d.types['Vm'],
      { level: 'major', kind: 'removed', subject: 'type', name: 'Vm' },
    ],
    [
      'enum became an object',
      (d) => (d.types['VmState'] = { fields: {} }),
      { level: 'major', kind: 'changed', subject: 'type', name: 'VmState', detail: 'enum → object' },
    ],
    [
      'field added, even a required one',
      (d) => (fieldsOf(d)['zone'] = required()),
      { level: 'minor', kind: 'added', subject: 'field', name: 'Vm.zone', detail: 'required string' },
    ],
    [
      'field removed',
      (d) => delete fieldsOf(d)['name'],
      { level: 'major', kind: 'removed', subject: 'field', name: 'Vm.name' },
    ],
    [
      'field type changed',
      (d) => (fieldsOf(d)['id'] = required('number')),
      { level: 'major', kind: 'changed', subject: 'field', name: 'Vm.id', detail: 'type string → number' },
    ],
    [
      'field made optional',
      (d) => (fieldsOf(d)['id'] = optional()),
      { level: 'major', kind: 'changed', subject: 'field', name: 'Vm.id', detail: 'now optional' },
    ],
    [
      'enum value added',
      (d) => (d.types['VmState'] = { enum: ['Running', 'Stopped', 'Migrating'] }),
      { level: 'minor', kind: 'added', subject: 'enum value', name: 'VmState.Migrating' },
    ],
    [
      'enum value removed',
      (d) => (d.types['VmState'] = { enum: ['Running'] }),
      { level: 'major', kind: 'removed', subject: 'enum value', name: 'VmState.Stopped' },
    ],
  ])('%s', (_, edit, expected) => {
    const diff = diffDigests(base, changed(edit));
    expect(diff.changes).toEqual([expected]);
    expect(diff.level).toBe(expected.level);
  });

  it('sees no change in enum order', () => {
    expect(
      diffDigests(
        base,
        changed((d) => (d.types['VmState'] = { enum: ['Stopped', 'Running'] })),
      ).changes,
    ).toEqual([]);
  });

  it('is major when any change is, minor when all are additions', () => {
    const mixed = changed((d) => {
      d.methods['startVm'] = { params: {}, returns: 'Vm' };
      delete d.types['VmState'];
    });
    const additions = changed((d) => {
      d.methods['startVm'] = { params: {}, returns: 'Vm' };
      d.types['Zone'] = { fields: {} };
    });
    expect(diffDigests(base, mixed).level).toBe('major');
    expect(diffDigests(base, additions)).toMatchObject({ level: 'minor', changes: [{}, {}] });
  });

  it('is patch for the same API at another version, none for the same digest', () => {
    expect(
      diffDigests(
        base,
        changed(() => {}),
      ),
    ).toMatchObject({ level: 'patch', changes: [] });
    expect(diffDigests(base, base)).toMatchObject({ level: 'none', changes: [], from: '4.18', to: '4.18' });
  });
});

describe('formatDiff', () => {
  it('summarises, then lists breaking changes and additions', () => {
    const next = changed((d) => {
      d.methods['startVm'] = { params: { id: required() }, returns: 'Vm' };
      d.methods['listVms']!.params['zoneid'] = required();
      d.types['VmState'] = { enum: ['Running', 'Stopped', 'Migrating'] };
    });
    expect(formatDiff(diffDigests(base, next))).toBe(
      [
        'cloudstack API 4.18 → 4.19: major (3 changes)',
        '',
        'Breaking (major):',
        '- changed parameter `listVms(zoneid)`: now required',
        '',
        'Additions (minor):',
        '- added method `startVm`',
        '- added enum value `VmState.Migrating`',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing changed', () => {
    expect(formatDiff(diffDigests(base, base))).toBe('cloudstack API 4.18 → 4.18: no change\n');
    expect(
      formatDiff(
        diffDigests(
          base,
          changed(() => {}),
        ),
      ),
    ).toBe('cloudstack API 4.18 → 4.19: no API change (patch: new schema version)\n');
  });
});
