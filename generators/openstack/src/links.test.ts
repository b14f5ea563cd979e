import { describe, expect, it } from 'vitest';
import { absoluteLinks } from './links.js';

describe('absoluteLinks', () => {
  it('makes relative links of descriptions and summaries absolute against the API reference', () => {
    const spec = {
      paths: {
        '/v2/images': {
          get: {
            summary: 'See [versions](../versions/index.html#versions-call).',
            description:
              'Keeps [absolute](https://example.org/x), [rooted](/a) and [anchors](#b); fixes [this](./c.html).',
          },
        },
      },
    };
    absoluteLinks(spec, 'https://docs.openstack.org/api-ref/image/v2/index.html', 'image');
    expect(spec.paths['/v2/images'].get.summary).toBe(
      'See [versions](https://docs.openstack.org/api-ref/image/versions/index.html#versions-call).',
    );
    expect(spec.paths['/v2/images'].get.description).toBe(
      'Keeps [absolute](https://example.org/x), [rooted](/a) and [anchors](#b); fixes [this](https://docs.openstack.org/api-ref/image/v2/c.html).',
    );
  });

  it('fails, naming the link and where it is, when a spec has one and the service no API reference', () => {
    const spec = { paths: { '/x': { get: { description: 'see [it](../y.html)' } } } };
    expect(() => absoluteLinks(spec, undefined, 'placement')).toThrow(
      /placement: #\.paths\.\/x\.get\.description links to the relative "\.\.\/y\.html": give the service an apiReference/,
    );
  });
});
