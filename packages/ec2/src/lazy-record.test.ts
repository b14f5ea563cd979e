import { describe, expect, it } from 'vitest';
import { INPUT_SHAPES, OUTPUT_SHAPES, PROTOCOL } from './generated/operations.js';
import { lazyRecord } from './lazy-record.js';

describe('lazyRecord', () => {
  it('builds the record once, on first use, and then behaves as it', () => {
    let builds = 0;
    const table = lazyRecord(() => {
      builds++;
      return { a: { n: 1 }, b: { n: 2 } };
    });
    expect(builds).toBe(0);
    expect(table['a']).toEqual({ n: 1 });
    expect(builds).toBe(1);
    expect('b' in table).toBe(true);
    expect('c' in table).toBe(false);
    expect(Object.hasOwn(table, 'b')).toBe(true);
    expect(Object.keys(table)).toEqual(['a', 'b']);
    expect(Object.entries(table)).toEqual([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ]);
    expect(JSON.stringify(table)).toBe('{"a":{"n":1},"b":{"n":2}}');
    expect({ ...table }).toEqual({ a: { n: 1 }, b: { n: 2 } });
    expect(table['a']).toBe(table['a']);
    expect(builds).toBe(1);
  });

  it('is built by any first access, keys included', () => {
    let builds = 0;
    const table = lazyRecord(() => {
      builds++;
      return { x: 1 };
    });
    expect(Object.keys(table)).toEqual(['x']);
    expect(builds).toBe(1);
  });

  it('can be frozen like the record it stands for', () => {
    const table = lazyRecord(() => ({ x: 1 }));
    Object.freeze(table);
    expect(Object.isFrozen(table)).toBe(true);
    expect(table['x']).toBe(1);
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
