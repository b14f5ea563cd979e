import { ParameterError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from './pyyaml.js';

const read = (text: string, file = '/x/clouds.yaml') => parseConfigText(text, file);

describe('reading YAML as PyYAML safe_load does', () => {
  it('resolves YAML 1.1 plain scalars', () => {
    expect(
      read(
        'a: yes\nb: Off\nc: y\nd: ~\ne:\nf: 0123\ng: 0x1F\nh: 1_000\ni: 2.10\nj: 1e3\nk: 1:30\nl: .inf\nm: "3"\nn: !!str 4\no: !!float 5\np: |\n  text\n',
      ),
    ).toEqual({
      a: true,
      b: false,
      c: 'y',
      d: null,
      e: null,
      f: 83n,
      g: 31n,
      h: 1000n,
      i: 2.1,
      j: '1e3',
      k: 90n,
      l: Number.POSITIVE_INFINITY,
      m: '3',
      n: '4',
      o: 5,
      p: 'text\n',
    });
  });

  it('reads JSON as json.load does (integers apart from floats)', () => {
    expect(parseConfigText('{"a": 3, "b": 3.0, "c": 1e2, "d": "yes", "e": null}', '/x/clouds.json')).toEqual({
      a: 3n,
      b: 3,
      c: 100,
      d: 'yes',
      e: null,
    });
  });

  it('expands anchors and merge keys, own keys winning, the first merged mapping winning', () => {
    expect(read('a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  z: 5\n')).toEqual({
      a: { x: 1n, y: 2n },
      b: { y: 3n, z: 4n },
      c: { x: 1n, y: 2n, z: 5n },
    });
  });

  it('an empty document is None', () => {
    expect(read('')).toBeNull();
    expect(read('# only a comment\n')).toBeNull();
  });

  it('a syntax error names the file, line and column, and never the text', () => {
    const error = (() => {
      try {
        read('clouds:\n  a:\n    password: hunter2\n    list: [1\n  b: c\n');
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ParameterError);
    expect(error?.message).toMatch(/^\/x\/clouds\.yaml: not valid YAML at line \d+, column \d+: /);
    expect(error?.message).not.toContain('hunter2');
  });

  it('refuses duplicate keys, unknown tags, several documents and alias bombs', () => {
    expect(() => read('a: 1\na: 2\n')).toThrow(/clouds\.yaml: not valid YAML at line 2.*unique/);
    expect(() => read('a: !!python/object:os.system x\n')).toThrow(/a \(line 1\): unsupported tag/);
    expect(() => read('a: 1\n---\nb: 2\n')).toThrow(ParameterError);
    expect(() => read('a: !!int nope\n')).toThrow(/"nope" is not a valid int/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 7; level++) {
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(', ')}]`,
      );
    }
    expect(() => read(bomb.join('\n'))).toThrow(/alias expansion/);
  });

  it('invalid JSON names the file', () => {
    expect(() => parseConfigText('{"a": 1,}', '/x/clouds.json')).toThrow(
      /^\/x\/clouds\.json: not valid JSON/,
    );
  });

  it('never quotes the text of a bad file', () => {
    const messages = ['a: |x hunter2\n  t\n', 'a: {b: c} hunter2\n', 'x:\n  - hunter2: [\n'].map((text) => {
      try {
        read(text);
      } catch (error) {
        return (error as Error).message;
      }
      return 'parsed';
    });
    for (const message of messages) {
      expect(message).toMatch(/^\/x\/clouds\.yaml: not valid YAML at line \d+, column \d+: /);
      expect(message).not.toContain('hunter2');
    }
    expect(messages[0]).toMatch(/unexpected token \(the text is not shown: it may hold a secret\)/);
    let json = '';
    try {
      parseConfigText('{\n  "password": hunter2}', '/x/secure.json');
    } catch (error) {
      json = (error as Error).message;
    }
    expect(json).toBe('/x/secure.json: not valid JSON at line 2, column 15');
  });
});
