import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInputDetail } from './input-detail.js';
import { parseJavadoc } from './java-source.js';
import { constantName, documentName, javaName, serviceName } from './names.js';
import { readOvirtModel } from './reader.js';
import { irDifferences } from './test-support/ir-diff.js';
import { sharedOvirtDir } from './test-support/shared.js';

describe('readOvirtModel', () => {
  it('equals the upstream analyzer dump for 4.6.1, ordering and documentation aside', () => {
    const dir = sharedOvirtDir('4.6.1');
    const upstream: unknown = JSON.parse(readFileSync(join(dir, 'concepts.json'), 'utf8'));
    const differences = irDifferences(readOvirtModel(dir), upstream);
    expect(differences.join('\n')).toBe('');
  });

  it('reads 4.5.0 with its known differences from 4.6.1', () => {
    const ir = readOvirtModel(sharedOvirtDir('4.5.0'));
    const names = new Set(ir.types.map((type) => type.name));
    expect(names.has('vm')).toBe(true);
    expect(names.has('dynamic_cpu')).toBe(false);
    expect(ir.services.some((service) => service.name === 'host_cpu_units')).toBe(false);
  });

  it('keeps documentation for the emitter: docs, text written after @since, section titles', () => {
    const ir = readOvirtModel(sharedOvirtDir('4.6.1'));
    const vm = ir.types.find((type) => type.name === 'vm');
    expect(vm?.kind === 'struct' && vm.doc).toMatch(/virtual machine/i);
    const transfer = ir.services.find((service) => service.name === 'image_transfer');
    expect(transfer?.since).toMatch(/^4\.5\.1\n/);
    expect(transfer?.doc).toContain('The transfer can be resumed by calling');
    expect(transfer?.doc).toContain('-- Upload:');
    expect(ir.sections?.['documents/003_common_concepts/follow']).toBe('Following links');
  });
});

describe('names', () => {
  it('follow the metamodel rules, without acronym handling', () => {
    expect(javaName('ScsiGenericIO')).toBe('scsi_generic_i_o');
    expect(javaName('_volatile')).toBe('volatile');
    expect(javaName('ipv6BootProtocol')).toBe('ipv6_boot_protocol');
    expect(constantName('I440FX_SEA_BIOS')).toBe('i440fx_sea_bios');
    expect(serviceName('VmsService')).toBe('vms');
    expect(documentName('A01-PrimitiveTypes')).toBe('a01_primitive_types');
  });
});

describe('parseInputDetail', () => {
  it('reads mandatory, optional, or and [COLLECTION]', () => {
    const body = `{
      mandatory(vm().name());
      or(mandatory(vm().cluster().id()), mandatory(vm().cluster().name()));
      optional(vm().payloads()[COLLECTION].files()[COLLECTION].name()); // comment
    }`;
    expect(parseInputDetail(body)).toEqual([
      { path: ['vm', 'name'], mandatory: true },
      { path: ['vm', 'cluster', 'id'], mandatory: true, or: ['vm', 'cluster', 'name'] },
      { path: ['vm', 'payloads', 'files', 'name'], mandatory: false },
    ]);
  });

  it('rejects what the grammar does not allow, naming it', () => {
    expect(() => parseInputDetail('{ maybe(vm().name()); }')).toThrow(/unknown input detail function maybe/);
    expect(() => parseInputDetail('{ optional(vm().nics()[0].name()); }')).toThrow(
      /expected a name, found 0/,
    );
    expect(() => parseInputDetail('{ or(mandatory(a()), optional(b())); }')).toThrow(/same mandatory-ness/);
  });
});

describe('parseJavadoc', () => {
  it('splits text and multi-line tags', () => {
    const doc = parseJavadoc('/**\n * Text.\n *\n * @since 4.1\n *   more\n * @author A\n */');
    expect(doc).toEqual({
      text: 'Text.',
      tags: [
        { name: 'since', value: '4.1\n  more' },
        { name: 'author', value: 'A' },
      ],
    });
  });
});
