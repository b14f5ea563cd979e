/** Next links as openstacksdk finds them, the next query parsed back, the guards. */
import { DecodeError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import { HttpError } from './errors.js';
import { cursorKey, linkHeaderNext, nextLinkOf, nextPage, type PageCursor } from './pagination.js';

const endpoint = 'http://cloud/compute/v2.1';
const base = (cursor: PageCursor, data: unknown, extra: Partial<Parameters<typeof nextPage>[0]> = {}) =>
  nextPage({
    cursor,
    data,
    items: (data as { servers?: unknown[] }).servers ?? [{ id: 'a' }],
    linkHeader: undefined,
    listKey: 'servers',
    endpoint,
    limit: undefined,
    target: `GET ${cursor.url}`,
    service: 'compute',
    ...extra,
  });

describe('the next link', () => {
  it('comes from links, else <key>_links, else next, else the Link header', () => {
    const next = (href: string) => [
      { rel: 'self', href: 'x' },
      { rel: 'next', href },
    ];
    expect(nextLinkOf({ links: next('L'), servers_links: next('S') }, 'servers', undefined)).toBe('L');
    expect(nextLinkOf({ servers_links: next('S') }, 'servers', undefined)).toBe('S');
    expect(nextLinkOf({ links: { self: 'x', next: 'K' } }, 'projects', undefined)).toBe('K');
    expect(nextLinkOf({ links: { self: 'x', next: null } }, 'projects', undefined)).toBeUndefined();
    expect(nextLinkOf({ next: '/v2/images?marker=m' }, 'images', undefined)).toBe('/images?marker=m');
    expect(
      nextLinkOf(
        { servers: [] },
        'servers',
        '<http://cloud/x?marker=h>; rel="next", <http://cloud/y>; rel="prev"',
      ),
    ).toBe('http://cloud/x?marker=h');
    expect(linkHeaderNext('<a>; rel=prev, <b>; rel="last next"')).toBe('b');
    expect(linkHeaderNext(undefined)).toBeUndefined();
  });

  it("parses the link's query back into the parameters, replacing marker and limit", () => {
    const cursor = {
      url: `${endpoint}/servers/detail`,
      params: [
        ['status', 'ACTIVE'],
        ['limit', '2'],
      ] as [string, string][],
    };
    const data = {
      servers: [{ id: 'a' }, { id: 'b' }],
      servers_links: [{ rel: 'next', href: `${endpoint}/servers/detail?limit=2&marker=b&status=ACTIVE` }],
    };
    expect(base(cursor, data)).toEqual({
      url: `${endpoint}/servers/detail`,
      params: [
        ['limit', '2'],
        ['marker', 'b'],
        ['status', 'ACTIVE'],
      ],
    });
  });

  it('resolves Glance links relative to the versioned endpoint', () => {
    const cursor = { url: 'http://cloud/image/v2/images', params: [] };
    const next = nextPage({
      cursor,
      data: { images: [{ id: 'i' }], next: '/v2/images?marker=i' },
      items: [{ id: 'i' }],
      linkHeader: undefined,
      listKey: 'images',
      endpoint: 'http://cloud/image/v2',
      limit: undefined,
      target: 'GET http://cloud/image/v2/images',
      service: 'image',
    });
    expect(next).toEqual({ url: 'http://cloud/image/v2/images', params: [['marker', 'i']] });
  });

  it('falls back to the marker when a limit was given and the page is full', () => {
    const cursor = { url: `${endpoint}/servers/detail`, params: [['limit', '2']] as [string, string][] };
    expect(base(cursor, { servers: [{ id: 'a' }, { id: 'b' }] }, { limit: 2 })).toEqual({
      url: cursor.url,
      params: [
        ['marker', 'b'],
        ['limit', '2'],
      ],
    });
    expect(base(cursor, { servers: [{ id: 'a' }] }, { limit: 2 })).toBeUndefined();
    expect(base(cursor, { servers: [] }, { limit: 2 })).toBeUndefined();
  });

  it('ends an endless walk: the marker just sent named again', () => {
    const cursor = { url: `${endpoint}/servers/detail`, params: [['marker', 'b']] as [string, string][] };
    const data = {
      servers: [{ id: 'b' }],
      servers_links: [{ rel: 'next', href: `${endpoint}/servers/detail?marker=b` }],
    };
    expect(() => base(cursor, data)).toThrow(DecodeError);
    expect(() => base(cursor, data)).toThrow(/endless pagination loop/);
  });

  it('refuses a next link on another host: the token never goes there', () => {
    const cursor = { url: `${endpoint}/servers/detail`, params: [] };
    for (const href of [
      'http://evil.example/steal?marker=a',
      'https://cloud/compute/v2.1/servers?marker=a',
      'file:///etc/passwd',
    ]) {
      const data = { servers: [{ id: 'a' }], servers_links: [{ rel: 'next', href }] };
      let error: unknown;
      try {
        base(cursor, data);
      } catch (caught) {
        error = caught;
      }
      expect(error, href).toBeInstanceOf(HttpError);
      expect(String(error)).toMatch(/not followed/);
    }
  });

  it('keys a cursor by its URL and sorted parameters', () => {
    expect(
      cursorKey({
        url: 'u',
        params: [
          ['b', '2'],
          ['a', '1'],
        ],
      }),
    ).toBe(
      cursorKey({
        url: 'u',
        params: [
          ['a', '1'],
          ['b', '2'],
        ],
      }),
    );
  });
});
