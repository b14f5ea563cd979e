import { DecodeError, ParameterError } from '@overcast/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OvirtDecodeError } from './errors.js';
import { readXml } from './xml-reader.js';
import { writeXml } from './xml-writer.js';

describe('readXml', () => {
  it('reads attributes, nested structs, enums, lists and skips unknown elements', () => {
    const xml = `<vm href="/ovirt-engine/api/vms/123" id="123">
      <name>a&amp;b</name><memory>8589934592</memory><status>UP</status>
      <cluster href="/ovirt-engine/api/clusters/1" id="1"/>
      <os><boot><devices><device>hd</device><device>network</device></devices></boot></os>
      <brand_new_field><x/></brand_new_field>
      <link rel="diskattachments" href="/ovirt-engine/api/vms/123/diskattachments"/>
    </vm>`;
    const { type, list, value } = readXml(xml);
    expect({ type, list }).toEqual({ type: 'Vm', list: false });
    expect(value).toMatchObject({
      href: '/ovirt-engine/api/vms/123',
      id: '123',
      name: 'a&b',
      memory: 8589934592,
      status: 'up',
      cluster: { id: '1', href: '/ovirt-engine/api/clusters/1' },
      os: { boot: { devices: ['hd', 'network'] } },
    });
    expect((value as { diskAttachments: { href?: string } }).diskAttachments.href).toBe(
      '/ovirt-engine/api/vms/123/diskattachments',
    );
    expect(value).not.toHaveProperty('brandNewField');
  });

  it('gives a link its href on the list read inline, whether the link comes before or after it', () => {
    const inline = '<nics><nic id="n1"/></nics>';
    const link = '<link rel="nics" href="/ovirt-engine/api/vms/9/nics"/>';
    for (const body of [link + inline, inline + link]) {
      const { value } = readXml(`<vm href="/ovirt-engine/api/vms/9" id="9">${body}</vm>`);
      const nics = (value as { nics: Array<{ id: string }> & { href?: string } }).nics;
      expect([...nics]).toEqual([{ id: 'n1' }]);
      expect(nics.href).toBe('/ovirt-engine/api/vms/9/nics');
    }
    // An href that is not its owner's href and the rel is kept as it is.
    const { value } = readXml(
      '<vm href="/ovirt-engine/api/vms/9"><link rel="tags" href="/elsewhere/tags"/></vm>',
    );
    expect((value as { tags: { href?: string } }).tags.href).toBe('/elsewhere/tags');
  });

  it('reads a struct of many members whole, in document order', () => {
    const links = ['nics', 'tags', 'cdroms', 'sessions', 'snapshots', 'statistics', 'watchdogs', 'floppies'];
    const xml = `<vm href="/v/1" id="1"><name>n</name><description>d</description><comment>c</comment>${links
      .map((rel) => `<link rel="${rel}" href="/v/1/${rel}"/>`)
      .join('')}<memory>1</memory><stateless>true</stateless><origin>ovirt</origin><type>server</type></vm>`;
    const vm = readXml(xml).value as Record<string, unknown>;
    expect(Object.keys(vm)).toEqual([
      'href',
      'id',
      'name',
      'description',
      'comment',
      ...links,
      'memory',
      'stateless',
      'origin',
      'type',
    ]);
    expect(links.map((rel) => (vm[rel] as { href?: string }).href)).toEqual(
      links.map((rel) => `/v/1/${rel}`),
    );
    expect(vm).toMatchObject({ memory: 1, stateless: true, origin: 'ovirt', type: 'server' });
  });

  it('reads lists by the plural root, and the exception tags', () => {
    expect(readXml('<vms><vm id="1"/><vm id="2"/></vms>')).toEqual({
      type: 'Vm',
      list: true,
      value: [{ id: '1' }, { id: '2' }],
    });
    expect(readXml('<operation_systems><operating_system id="1"/></operation_systems>').type).toBe(
      'OperatingSystemInfo',
    );
    expect(readXml('<vm><migration><auto_converge>true</auto_converge></migration></vm>').value).toEqual({
      migration: { autoConverge: 'true' },
    });
  });

  it('throws typed errors naming what is wrong', () => {
    expect(() => readXml('<vm><stateless>maybe</stateless></vm>')).toThrow(
      new OvirtDecodeError('<vm/stateless>: "maybe" is not a boolean', 'vm/stateless'),
    );
    expect(() => readXml('<vm><memory>lots</memory></vm>')).toThrow(/<vm\/memory>: "lots" is not an integer/);
    expect(() => readXml('<nothing/>')).toThrow(/Can't find a reader for tag 'nothing'/);
  });
});

describe('readXml on hostile or broken input', () => {
  it('refuses a DOCTYPE, malformed documents and invalid UTF-8 with DecodeError', () => {
    expect(() => readXml('<!DOCTYPE vm [<!ENTITY x "y">]><vm><name>&x;</name></vm>')).toThrow(DecodeError);
    expect(() => readXml('<vm><name>a</vm>')).toThrow(DecodeError);
    expect(() => readXml('<vm><name>&unknown;</name></vm>')).toThrow(DecodeError);
    expect(() =>
      readXml(new Uint8Array([0x3c, 0x76, 0x6d, 0x3e, 0xff, 0x3c, 0x2f, 0x76, 0x6d, 0x3e])),
    ).toThrow(/UTF-8/);
    expect(() => readXml('')).toThrow(DecodeError);
  });

  it('never throws anything but DecodeError on garbage', () => {
    const fragments = fc.constantFrom(
      '<vm>',
      '</vm>',
      '<vms>',
      '</vms>',
      '<name>',
      '</name>',
      '<memory>',
      '</memory>',
      '12',
      'x',
      '&amp;',
      '<link rel="nics" href="/a"/>',
      '<nics>',
      '</nics>',
      '<nic/>',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 12 }), (parts) => {
        try {
          readXml(parts.join(''));
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
    );
  });
});

describe('writeXml', () => {
  it('writes attributes first, then members; lists with their item tags', () => {
    const xml = writeXml(
      {
        id: '123',
        name: 'a&b',
        memory: 8589934592,
        status: 'up',
        os: { boot: { devices: ['hd'] } },
        nics: [{ name: 'eth0' }],
      },
      'Vm',
    );
    expect(xml).toBe(
      '<vm id="123"><name>a&amp;b</name><memory>8589934592</memory><os><boot><devices><device>hd</device></devices></boot></os><status>up</status><nics><nic><name>eth0</name></nic></nics></vm>',
    );
  });

  it('writes action bodies and rejects values of the wrong kind, naming them', () => {
    expect(writeXml({ async: true, vm: { name: 'x' } }, 'Action', 'action')).toBe(
      '<action><async>true</async><vm><name>x</name></vm></action>',
    );
    expect(() => writeXml({ memory: '1 GiB' }, 'Vm')).toThrow(
      new ParameterError('vm/memory: expected an integer'),
    );
  });
});
