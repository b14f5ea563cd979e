import { describe, expect, it } from 'vitest';
import { ChildNames } from './child-names.js';
import { decodeUntyped } from './decode.js';

/** Keys the children of one template, and says which repeat an earlier child's name. */
function read(childNames: ChildNames, names: string[]): Array<[string, boolean]> {
  return names.map((name, index) => [childNames.keyAt(index, name), childNames.repeatsAt(index)]);
}

describe('ChildNames', () => {
  it('gives the predicted key when the name matches, the local name otherwise', () => {
    const childNames = new ChildNames();
    expect(read(childNames, ['A', 'x:B'])).toEqual([
      ['A', false],
      ['B', false],
    ]);
    expect(read(childNames, ['A', 'B', 'x:C'])).toEqual([
      ['A', false],
      ['B', false],
      ['C', false],
    ]);
  });

  it('knows which names repeat, in a template that matches the last one only in part', () => {
    const childNames = new ChildNames();
    read(childNames, ['A', 'B', 'C']);
    expect(read(childNames, ['B', 'B', 'C', 'B'])).toEqual([
      ['B', false],
      ['B', true],
      ['C', false],
      ['B', true],
    ]);
    expect(read(childNames, ['B', 'A', 'A'])).toEqual([
      ['B', false],
      ['A', false],
      ['A', true],
    ]);
  });
});

describe('decoding templates whose siblings disagree on their children', () => {
  it('joins repeated names whatever the order of the siblings before', () => {
    const xml = '<T><D><A>1</A><B>2</B></D><D><B>3</B><B>4</B></D><D><A>5</A><A>6</A><B>7</B></D></T>';
    expect(decodeUntyped(xml, 'T')).toEqual({
      D: [{ A: '1', B: '2' }, { B: ['3', '4'] }, { A: ['5', '6'], B: '7' }],
    });
  });

  it('keeps nested templates of one name apart', () => {
    const xml = '<T><D><A>1</A><D><C>2</C><C>3</C></D><A>4</A></D></T>';
    expect(decodeUntyped(xml, 'T')).toEqual({ D: [{ A: ['1', '4'], D: [{ C: ['2', '3'] }] }] });
  });
});
