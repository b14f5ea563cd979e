import { describe, expect, it } from 'vitest';
import { INPUT_SHAPES, OUTPUT_SHAPES, PROTOCOL } from './generated/operations.js';
import { lazyRecord } from './lazy-record.js';

describe('lazyRecord', () => {
  /** A record of `a` and `b`, counting what was built. */
  function counted() {
    const built = { record: 0, a: 0, b: 0 };
    const table = lazyRecord(() => {
      built.record++;
      return {
        a: () => {
          built.a++;
          return { n: 1 };
        },
        b: () => {
          built.b++;
          return { n: 2 };
        },
      };
    });
    return { built, table };
  }

  it('builds an entry once, when it is first read, and behaves as the plain record', () => {
    const { built, table } = counted();
    expect(built).toEqual({ record: 0, a: 0, b: 0 });
    expect(table['a']).toEqual({ n: 1 });
    expect(table['a']).toBe(table['a']);
    expect(built).toEqual({ record: 1, a: 1, b: 0 });
    expect('b' in table).toBe(true);
    expect('c' in table).toBe(false);
    expect('toString' in table).toBe('toString' in {});
    expect(table['c']).toBeUndefined();
    expect(Object.hasOwn(table, 'b')).toBe(true);
    expect(Object.keys(table)).toEqual(['a', 'b']);
    expect(built).toEqual({ record: 1, a: 1, b: 1 });
    expect(Object.entries(table)).toEqual([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ]);
    expect(JSON.stringify(table)).toBe('{"a":{"n":1},"b":{"n":2}}');
    expect({ ...table }).toEqual({ a: { n: 1 }, b: { n: 2 } });
    expect(built).toEqual({ record: 1, a: 1, b: 1 });
  });

  it('can be frozen, changed or emptied like the record it stands for', () => {
    const frozen = counted();
    Object.freeze(frozen.table);
    expect(Object.isFrozen(frozen.table)).toBe(true);
    expect(frozen.table['b']).toEqual({ n: 2 });
    expect(frozen.built).toEqual({ record: 1, a: 1, b: 1 });
    const changed = counted();
    const writable = changed.table as Record<string, { n: number }>;
    delete writable['a'];
    writable['c'] = { n: 3 };
    expect(Object.keys(writable)).toEqual(['b', 'c']);
    expect(writable['a']).toBeUndefined();
  });
});

describe('the generated structure tables', () => {
  it('read as plain records', () => {
    expect(Object.keys(INPUT_SHAPES)).toHaveLength(199);
    expect(INPUT_SHAPES['RunInstancesRequest']?.required).toEqual(['ImageId', 'MinCount', 'MaxCount']);
    expect(OUTPUT_SHAPES['Instance']?.['launchTime']).toEqual({ member: 'LaunchTime', type: 'timestamp' });
    expect(Object.hasOwn(OUTPUT_SHAPES, 'Reservation')).toBe(true);
    expect(PROTOCOL.inputShapes).toBe(INPUT_SHAPES);
    expect(PROTOCOL.outputShapes['Reservation']).toBe(OUTPUT_SHAPES['Reservation']);
  });
});
