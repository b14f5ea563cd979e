import { describe, expect, it } from 'vitest';
import { OvirtDecodeError } from './errors.js';
import { STRUCTS } from './generated/model.js';
import { xmlExamples } from './test-support/shared.js';
import { type ReadResult, readXml } from './xml-reader.js';
import { writeXml } from './xml-writer.js';

const knownRoots = new Set(Object.values(STRUCTS).flatMap((meta) => [meta.tag, meta.plural]));
const examples = xmlExamples('4.6.1').filter(
  (example) => example.well_formed && example.root !== null && knownRoots.has(example.root),
);

/** The documentation examples whose values cannot be their declared types, and the error each gives. */
const INVALID: Record<string, string> = {
  'A02-ChangesInV4.adoc:1374': '<action/force>: "..." is not a boolean',
  'services/VmCheckpointService.java:55': '<checkpoint/creation_date>: "xxx" is not a date',
  'services/VmCheckpointsService.java:61': '<checkpoints/checkpoint/creation_date>: "xxx" is not a date',
};

function rewrite(read: ReadResult, root: string): string {
  if (!read.list) return writeXml(read.value as object, read.type, root);
  const items = (read.value as object[]).map((item) => writeXml(item, read.type));
  return `<${root}>${items.join('')}</${root}>`;
}

describe('the model documentation examples', () => {
  it('has the examples to test', () => {
    expect(examples.length).toBeGreaterThan(440);
  });

  it('reads every example, or names the element whose value cannot be its type', () => {
    const failures: Record<string, string> = {};
    for (const example of examples) {
      try {
        readXml(example.xml);
      } catch (error) {
        expect(error).toBeInstanceOf(OvirtDecodeError);
        failures[`${example.file}:${example.line}`] = (error as Error).message;
      }
    }
    expect(failures).toEqual(INVALID);
  });

  it('reads, writes and reads back every other example to the same value', () => {
    let checked = 0;
    for (const example of examples) {
      if (INVALID[`${example.file}:${example.line}`] !== undefined) continue;
      const read = readXml(example.xml);
      const again = readXml(rewrite(read, example.root ?? ''));
      expect({ where: `${example.file}:${example.line}`, value: again.value }).toEqual({
        where: `${example.file}:${example.line}`,
        value: read.value,
      });
      checked++;
    }
    expect(checked).toBe(examples.length - Object.keys(INVALID).length);
  });

  it('keeps documentation placeholders of enums as they are', () => {
    const example = examples.find((item) => item.xml.includes('<direction>upload|download</direction>'));
    expect(example).toBeDefined();
    expect(readXml(example?.xml ?? '').value).toMatchObject({ direction: 'upload|download' });
  });
});
