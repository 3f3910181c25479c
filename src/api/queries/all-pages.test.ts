import { collectAllPages, type PageQuery } from './all-pages';

function fakeUpstream(total: number) {
  const calls: PageQuery[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async ({ pageNum, itemsPerPage }: PageQuery) => {
    calls.push({ pageNum, itemsPerPage });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // Later pages answer first, to show the order is kept anyway.
    await new Promise((r) => setTimeout(r, 20 - pageNum));
    inFlight--;
    const start = (pageNum - 1) * itemsPerPage;
    const results = Array.from(
      { length: Math.max(0, Math.min(itemsPerPage, total - start)) },
      (_, i) => `item ${start + i}`,
    );
    return { results, totalCount: total };
  };
  return { calls, fetchPage, maxInFlight: () => maxInFlight };
}

describe('collectAllPages', () => {
  it('reads every page, 500 a page, a few at a time, in order', async () => {
    const up = fakeUpstream(5_000);
    const items = await collectAllPages(up.fetchPage);
    expect(items).toHaveLength(5_000);
    expect(items.slice(0, 2)).toEqual(['item 0', 'item 1']);
    expect(items.at(-1)).toBe('item 4999');
    expect(up.calls.map((c) => c.pageNum).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(up.calls.every((c) => c.itemsPerPage === 500)).toBe(true);
    expect(up.maxInFlight()).toBeLessThanOrEqual(4);
  });

  it('asks once when everything fits on the first page, and copes with an empty list', async () => {
    const small = fakeUpstream(3);
    expect(await collectAllPages(small.fetchPage)).toHaveLength(3);
    expect(small.calls).toHaveLength(1);
    const none = fakeUpstream(0);
    expect(await collectAllPages(none.fetchPage)).toEqual([]);
  });

  it('does not believe a totalCount the first page contradicts', async () => {
    const items = await collectAllPages(({ pageNum }) =>
      Promise.resolve({ results: pageNum === 1 ? ['a'] : [], totalCount: 99 }),
    );
    expect(items).toEqual(['a']);
  });
});
