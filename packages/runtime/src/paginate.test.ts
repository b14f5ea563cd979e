import { describe, expect, it } from 'vitest';
import { AbortError, ParameterError } from './errors.js';
import { collectAll, type Page, paginate, paginateCursor } from './paginate.js';
import { sleep } from './retry.js';

interface SourceOptions {
  /** How many items the list holds; item i is the number i. */
  size: number;
  pageSize: number;
  /** Report `total` on every page (default true). */
  reportTotal?: boolean;
  /** Milliseconds each page takes (default 1). */
  delay?: (pageNumber: number) => number;
  /** Pages that fail instead of answering. */
  failing?: Map<number, Error>;
}

/** A fake list endpoint that honours its abort signal and records what was asked of it. */
function source(options: SourceOptions) {
  const stats = { requested: [] as number[], inFlight: 0, maxInFlight: 0, aborted: 0 };
  const fetchPage = async (pageNumber: number, signal: AbortSignal): Promise<Page<number>> => {
    stats.requested.push(pageNumber);
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      await sleep(options.delay?.(pageNumber) ?? 1, signal);
    } catch (error) {
      stats.aborted += 1;
      throw error;
    } finally {
      stats.inFlight -= 1;
    }
    const failure = options.failing?.get(pageNumber);
    if (failure) throw failure;
    const start = (pageNumber - 1) * options.pageSize;
    const items = Array.from(
      { length: Math.max(0, Math.min(options.pageSize, options.size - start)) },
      (_, i) => start + i,
    );
    return options.reportTotal === false ? { items } : { items, total: options.size };
  };
  return { fetchPage, stats };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('paginate', () => {
  it('yields items in page order when later pages complete first', async () => {
    const { fetchPage, stats } = source({
      size: 47,
      pageSize: 5,
      delay: (page) => (page === 1 ? 1 : 60 - page * 5),
    });
    expect(await collectAll({ fetchPage, pageSize: 5, concurrency: 4 })).toEqual(range(47));
    expect([...stats.requested].sort((a, b) => a - b)).toEqual(range(10).map((i) => i + 1));
  });

  it('fetches at most `concurrency` pages at once', async () => {
    const { fetchPage, stats } = source({ size: 200, pageSize: 5, delay: () => 5 });
    expect(await collectAll({ fetchPage, pageSize: 5, concurrency: 3 })).toEqual(range(200));
    expect(stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(stats.maxInFlight).toBeGreaterThan(1);
  });

  it('defaults to four pages at once', async () => {
    const { fetchPage, stats } = source({ size: 200, pageSize: 5, delay: () => 5 });
    await collectAll({ fetchPage, pageSize: 5 });
    expect(stats.maxInFlight).toBe(4);
  });

  it('fetches exactly the pages a total that is not a multiple of the page size needs', async () => {
    const { fetchPage, stats } = source({ size: 23, pageSize: 5 });
    expect(await collectAll({ fetchPage, pageSize: 5 })).toEqual(range(23));
    expect(stats.requested).toHaveLength(5);
  });

  it('fetches only page 1 when the total is 0', async () => {
    const { fetchPage, stats } = source({ size: 0, pageSize: 5 });
    expect(await collectAll({ fetchPage, pageSize: 5 })).toEqual([]);
    expect(stats.requested).toEqual([1]);
  });

  it.each([
    [12, [1, 2, 3]],
    [10, [1, 2, 3]],
    [3, [1]],
    [0, [1]],
  ])(
    'without a total, reads %i items one page at a time until a short or empty page',
    async (size, pages) => {
      const { fetchPage, stats } = source({ size, pageSize: 5, reportTotal: false });
      expect(await collectAll({ fetchPage, pageSize: 5 })).toEqual(range(size));
      expect(stats.requested).toEqual(pages);
      expect(stats.maxInFlight).toBe(1);
    },
  );

  it('aborts the pages in flight when the loop is left early', async () => {
    const { fetchPage, stats } = source({
      size: 100,
      pageSize: 5,
      delay: (page) => (page === 1 ? 1 : 10_000),
    });
    const seen: number[] = [];
    for await (const item of paginate({ fetchPage, pageSize: 5, concurrency: 3 })) {
      seen.push(item);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual(range(5));
    expect(stats.requested).toEqual([1, 2, 3, 4]);
    expect(stats.aborted).toBe(3);
    expect(stats.inFlight).toBe(0);
  });

  it('rejects with the failing page’s error and stops the other pages', async () => {
    const broken = new Error('page 3 failed');
    const { fetchPage, stats } = source({
      size: 100,
      pageSize: 5,
      delay: (page) => (page === 2 ? 10_000 : 1),
      failing: new Map([[3, broken]]),
    });
    await expect(collectAll({ fetchPage, pageSize: 5, concurrency: 4 })).rejects.toBe(broken);
    expect(stats.inFlight).toBe(0);
    expect(stats.requested).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects when page 1 fails', async () => {
    const broken = new Error('no list for you');
    const { fetchPage } = source({ size: 10, pageSize: 5, failing: new Map([[1, broken]]) });
    await expect(collectAll({ fetchPage, pageSize: 5 })).rejects.toBe(broken);
  });

  it('stops with AbortError when the caller aborts', async () => {
    const controller = new AbortController();
    const { fetchPage, stats } = source({
      size: 100,
      pageSize: 5,
      delay: (page) => (page === 1 ? 1 : 10_000),
    });
    setTimeout(() => controller.abort(), 30);
    await expect(collectAll({ fetchPage, pageSize: 5, signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
    expect(stats.inFlight).toBe(0);
    await expect(collectAll({ fetchPage, pageSize: 5, signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
  });

  it.each([[{ pageSize: 0 }], [{ pageSize: 2.5 }], [{ pageSize: 5, concurrency: 0 }]])(
    'rejects bad sizes %o with ParameterError',
    async (sizes) => {
      const { fetchPage } = source({ size: 10, pageSize: 5 });
      await expect(collectAll({ fetchPage, ...sizes })).rejects.toThrow(ParameterError);
    },
  );
});

describe('paginateCursor', () => {
  it('follows cursors page by page until the last page', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      '': { items: [1, 2], next: 'm2' },
      m2: { items: [3, 4], next: 'm4' },
      m4: { items: [5] },
    };
    const asked: Array<string | undefined> = [];
    const items: number[] = [];
    for await (const item of paginateCursor<number, string>({
      fetchPage: async (cursor) => {
        asked.push(cursor);
        return pages[cursor ?? ''] as { items: number[]; next?: string };
      },
    })) {
      items.push(item);
    }
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'm2', 'm4']);
  });

  it('ends a server loop with a DecodeError instead of running forever', async () => {
    const iterate = async () => {
      let count = 0;
      for await (const _ of paginateCursor<number, string>({
        fetchPage: async () => ({ items: [count++], next: 'same' }),
      })) {
        if (count > 10) break;
      }
    };
    await expect(iterate()).rejects.toThrow(/pagination loop.*"same" twice/);
  });

  it('aborts the page in flight when the caller aborts', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const iteration = (async () => {
      for await (const _ of paginateCursor<number, string>({
        signal: controller.signal,
        fetchPage: (_cursor, signal) => {
          seen = signal;
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          );
        },
      })) {
        // never reached
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('stop'));
    await expect(iteration).rejects.toThrow('stop');
    expect(seen?.aborted).toBe(true);
  });

  describe('with early cursors', () => {
    /** A server of pages '' → a → b → c → end; each fetch says its next cursor `early` after a tick. */
    function server(guess: (next: string) => string = (next) => next) {
      const pages: Record<string, { items: string[]; next?: string }> = {
        '': { items: ['1'], next: 'a' },
        a: { items: ['2'], next: 'b' },
        b: { items: ['3'], next: 'c' },
        c: { items: ['4'] },
      };
      const events: string[] = [];
      const aborted: string[] = [];
      const fetchPage = async (
        cursor: string | undefined,
        signal: AbortSignal,
        early: (next: string) => void,
      ) => {
        const name = cursor ?? '';
        events.push(`ask ${name}`);
        signal.addEventListener('abort', () => aborted.push(name));
        await new Promise((resolve) => setTimeout(resolve, 5));
        const page = pages[name];
        if (page === undefined) throw new Error(`no page ${name}`);
        if (page.next !== undefined) early(guess(page.next));
        // Decoding: the page ahead is asked for meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 5));
        return page;
      };
      return { fetchPage, events, aborted };
    }

    it('asks for the next page while this one is decoded and used, one page ahead at most', async () => {
      const { fetchPage, events } = server();
      const items: string[] = [];
      for await (const item of paginateCursor<string, string>({ fetchPage })) {
        events.push(`use ${item}`);
        items.push(item);
        // A slow consumer: pages ahead must not run away while it works.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(items).toEqual(['1', '2', '3', '4']);
      expect(events).toEqual(['ask ', 'ask a', 'use 1', 'ask b', 'use 2', 'ask c', 'use 3', 'use 4']);
    });

    it('drops a wrong guess and fetches the cursor the decoded page gives', async () => {
      const { fetchPage, events, aborted } = server((next) => (next === 'b' ? 'x' : next));
      const items: string[] = [];
      for await (const item of paginateCursor<string, string>({ fetchPage })) items.push(item);
      expect(items).toEqual(['1', '2', '3', '4']);
      expect(events.filter((event) => event.startsWith('ask'))).toEqual([
        'ask ',
        'ask a',
        'ask x',
        'ask b',
        'ask c',
      ]);
      // The wrong guess was aborted, and its failure (there is no page x) is not the iteration's.
      expect(aborted).toContain('x');
    });

    it('aborts the page fetched ahead when the consumer leaves early', async () => {
      const { fetchPage, aborted } = server();
      for await (const item of paginateCursor<string, string>({ fetchPage })) {
        if (item === '2') break;
      }
      expect(aborted).toContain('b');
    });

    it('reports the failure of a page fetched ahead when the consumer reaches it', async () => {
      const failing = async (
        cursor: string | undefined,
        _signal: AbortSignal,
        early: (next: string) => void,
      ) => {
        if (cursor === 'a') throw new Error('page a failed');
        early('a');
        return { items: ['1'], next: 'a' };
      };
      const items: string[] = [];
      const iterate = async () => {
        for await (const item of paginateCursor<string, string>({ fetchPage: failing })) items.push(item);
      };
      await expect(iterate()).rejects.toThrow('page a failed');
      expect(items).toEqual(['1']);
    });
  });
});
