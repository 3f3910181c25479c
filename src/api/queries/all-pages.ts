// Reads every page of a paginated list (FACTS.md: pageNum from 1, itemsPerPage at most 500).
import { MAX_ITEMS_PER_PAGE } from '../route-table';

interface Page<T> {
  results: T[];
  totalCount: number;
}

/** Stops a misbehaving upstream (a totalCount that never comes true) from looping forever. */
const MAX_PAGES = 200;

export async function collectAllPages<T>(
  fetchPage: (query: { pageNum: number; itemsPerPage: number }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum++) {
    const page = await fetchPage({ pageNum, itemsPerPage: MAX_ITEMS_PER_PAGE });
    items.push(...page.results);
    if (page.results.length === 0 || items.length >= page.totalCount) break;
  }
  return items;
}
