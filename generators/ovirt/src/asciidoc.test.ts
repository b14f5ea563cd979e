import { describe, expect, it } from 'vitest';
import { asciidocToMarkdown } from './asciidoc.js';
import type { LinkTargets } from './asciidoc-inline.js';
import { fillParagraph, fitCodeLine } from './markdown-wrap.js';

/** Targets of a small fake model: a few types and services, one document section. */
const targets: LinkTargets = {
  link: (path) =>
    ({
      'types/vm': 'types.Vm',
      'types/vm/attributes/memory': 'types.Vm.memory',
      'types/vm_status/values/up': 'types.VmStatus.UP',
      'services/disks': 'DisksService',
      'services/disk/methods/copy': 'DiskService.copy',
      'services/host/methods/get/parameters/all_content': 'HostGetParameters.allContent',
    })[path],
  section: (anchor) => (anchor === 'documents/003_common_concepts/follow' ? 'Following links' : undefined),
};

const render = (text: string, width = 100) => asciidocToMarkdown(text, targets, width);

describe('asciidocToMarkdown: cross references', () => {
  it('makes xrefs to generated types, members, values, methods and parameters {@link}s', () => {
    expect(render('Use xref:services/disk/methods/copy[copy] on a xref:types/vm[virtual machine].')).toBe(
      'Use {@link DiskService.copy} on a {@link types.Vm | virtual machine}.',
    );
    expect(
      render('While xref:types/vm_status/values/up[up], the xref:types/vm/attributes/memory[`memory`].'),
    ).toBe('While {@link types.VmStatus.UP | up}, the {@link types.Vm.memory}.');
    expect(render('See xref:services/host/methods/get/parameters/all_content[one].')).toBe(
      'See {@link HostGetParameters.allContent | one}.',
    );
  });

  it('leaves the text of an xref whose target the generated code does not have', () => {
    expect(render('Like xref:services/area[the area service] does.')).toBe('Like the area service does.');
  });

  it('names the section of a <<…>> into the model documents, and links <<…>> to code like an xref', () => {
    expect(render('See <<documents/003_common_concepts/follow, here>> for details.')).toBe(
      'See here (“Following links” in the oVirt REST API guide) for details.',
    );
    expect(render('Use <<services/disks,the disks service>>.')).toBe(
      'Use {@link DisksService | the disks service}.',
    );
  });

  it('never breaks a line inside a {@link}, which TypeScript would end there', () => {
    const text = `${'word '.repeat(17)}xref:services/disks[service that manages all the disks of the system] end.`;
    const lines = render(text, 100).split('\n');
    expect(lines).toEqual([
      `${'word '.repeat(17)}`.trimEnd(),
      '{@link DisksService | service that manages all the disks of the system} end.',
    ]);
  });
});

describe('asciidocToMarkdown: placeholders and inline markup', () => {
  it('resolves the product attributes of the model build, and leaves unknown ones', () => {
    expect(
      render('When installing {hypervisor-name} with {engine-name} of {product-name}, use {query}.'),
    ).toBe('When installing oVirt Node with oVirt Engine of oVirt, use {query}.');
  });

  it('keeps the text of a link whose target is made of undefined attributes; other links become Markdown', () => {
    expect(render('See link:{URL_docs}{URL_format}guide#agents[{virt-product-fullname} guest agent].')).toBe(
      'See oVirt guest agent.',
    );
    expect(
      render(
        'Read link:https://en.wikipedia.org/wiki/PXE[PXE] and http://tools.ietf.org/html/rfc4862[RFC 4862].',
      ),
    ).toBe(
      'Read [PXE](https://en.wikipedia.org/wiki/PXE) and [RFC 4862](http://tools.ietf.org/html/rfc4862).',
    );
  });

  it('turns *strong* into **strong**, escapes < outside code, and leaves code spans alone', () => {
    expect(render('*Adding a disk:* send <host>:<port> as `<vm>{product-name}</vm>`.')).toBe(
      '**Adding a disk:** send \\<host>:\\<port> as `<vm>{product-name}</vm>`.',
    );
  });
});

describe('asciidocToMarkdown: blocks', () => {
  it('reflows the lines of a paragraph and keeps paragraphs apart', () => {
    expect(
      render('The objects will be fetched as part\nof the current request.\n\nSecond   paragraph.'),
    ).toBe('The objects will be fetched as part of the current request.\n\nSecond paragraph.');
  });

  it('keeps code blocks verbatim, < and {placeholders} included, and makes a .... block a fence', () => {
    const code = '```xml\n<vm>\n  <name>{product-name}</name>\n</vm>\n```';
    expect(render(`For example:\n${code}\nDone.`)).toBe(`For example:\n\n${code}\n\nDone.`);
    expect(render('Usage:\n\n....\nDELETE /ovirt-engine/api/users/1234\n....')).toBe(
      'Usage:\n\n```text\nDELETE /ovirt-engine/api/users/1234\n```',
    );
  });

  it('keeps lists, joins the lines of an item, and indents a + continuation into its item', () => {
    const text = [
      'Two ways:',
      '1. Globally, at the request',
      'level.',
      '+',
      '```xml',
      '<template/>',
      '```',
      '2. Per disk.',
      '',
      '- one',
      '- two',
      '** nested',
      '. first',
    ].join('\n');
    expect(render(text)).toBe(
      [
        'Two ways:',
        '',
        '1. Globally, at the request level.',
        '   ```xml',
        '   <template/>',
        '   ```',
        '',
        '2. Per disk.',
        '',
        '- one',
        '- two',
        '  - nested',
        '',
        '1. first',
      ].join('\n'),
    );
  });

  it('labels admonitions, NOTE: and [IMPORTANT] alike', () => {
    expect(render('NOTE: This is\nignored.\n\n[IMPORTANT]\nBefore 4.1 it was not.')).toBe(
      '**Note:** This is ignored.\n\n**Important:** Before 4.1 it was not.',
    );
  });

  it('turns a |=== table into a Markdown table, one cell a line or several', () => {
    const table = [
      '[cols="25,75"]',
      '|===',
      '|Name |Description',
      '',
      '|`memory.total`',
      '|Total',
      'memory.',
      '|===',
    ].join('\n');
    expect(render(table)).toBe('| Name | Description |\n| --- | --- |\n| `memory.total` | Total memory. |');
  });

  it('drops comments and stray Javadoc asterisks, and keeps a hard line break', () => {
    expect(render('//TODO: an example\nThe targets.\n        *\nFirst +\nsecond')).toBe(
      'The targets.\n\nFirst\\\nsecond',
    );
  });
});

describe('fillParagraph', () => {
  it('fills to the width and never starts a line with a block marker', () => {
    expect(fillParagraph('aaaa bbbb - cccc', 10)).toEqual(['aaaa', 'bbbb -', 'cccc']);
    expect(fillParagraph('aaaa bbbb cccc', 10, '- ', '  ')).toEqual(['- aaaa', '  bbbb', '  cccc']);
  });
});

describe('fitCodeLine', () => {
  it('splits an XML start tag too long for the line between its attributes', () => {
    const line = '  <vm_mediated_device href="/ovirt-engine/api/vms/123/mediateddevices/1" id="1">';
    expect(fitCodeLine(line, 60)).toEqual([
      '  <vm_mediated_device',
      '    href="/ovirt-engine/api/vms/123/mediateddevices/1"',
      '    id="1">',
    ]);
    expect(fitCodeLine(line, 100)).toEqual([line]);
    expect(fitCodeLine(`GET /${'x'.repeat(80)} HTTP/1.1`, 60)).toHaveLength(1);
  });

  it('splits a shell command too long for the line between words, with continuations', () => {
    const command =
      '$ curl --cacert /etc/pki/ovirt-engine/ca.pem -X PUT https://daemon_fqdn:54322/images/41c7';
    expect(fitCodeLine(command, 60, 'shell')).toEqual([
      '$ curl --cacert /etc/pki/ovirt-engine/ca.pem -X PUT \\',
      '    https://daemon_fqdn:54322/images/41c7',
    ]);
    // Quotes could hold the spaces: such a line is kept whole, as in any other language.
    expect(fitCodeLine(`${command} -H "a b"`, 60, 'bash')).toHaveLength(1);
    expect(fitCodeLine(command, 60, 'python')).toHaveLength(1);
  });
});
