// Reads every page of a paginated list (FACTS.md: pageNum from 1, itemsPerPage at most 500).
import pLimit from 'p-limit';
import { MAX_ITEMS_PER_PAGE } from '#contract/route-table';

interface Page<T> {
  results: T[];
  totalCount: number;
}

export interface PageQuery {
  pageNum: number;
  itemsPerPage: number;
}

/** Pages fetched at once after the first (the first tells how many there are). */
const PAGE_CONCURRENCY = 4;
/** A totalCount beyond this many pages is not believed (a misbehaving upstream). */
const MAX_PAGES = 200;

/**
 * Every item, in the upstream's order. The first page says how many pages follow; those are fetched
 * a few at a time, so 5,000 orgs take about three round trips instead of ten.
 */
export async function collectAllPages<T>(
  fetchPage: (query: PageQuery) => Promise<Page<T>>,
  itemsPerPage = MAX_ITEMS_PER_PAGE,
): Promise<T[]> {
  const first = await fetchPage({ pageNum: 1, itemsPerPage });
  const pageCount = Math.min(MAX_PAGES, Math.ceil(first.totalCount / itemsPerPage));
  if (first.results.length === 0 || pageCount <= 1) return first.results;
  const limit = pLimit(PAGE_CONCURRENCY);
  const pageNums = Array.from({ length: pageCount - 1 }, (_, i) => i + 2);
  // limit.map keeps the pages in order, whichever answers first.
  const rest = await limit.map(
    pageNums,
    async (pageNum) => (await fetchPage({ pageNum, itemsPerPage })).results,
  );
  return [first.results, ...rest].flat();
}
