import type { LinkBadgeStatus } from '@/api/queries/link-status';
import { filterOrgs, isStatusFilter } from './filter-orgs';

const orgs = [
  { id: '5f0000000000000000000001', name: 'Acme Payments Prod' },
  { id: '5f00000000000000000000a2', name: 'Globex Billing' },
  { id: '5f00000000000000000000b3', name: 'acme sandbox' },
];
const badgeStatuses: Record<string, LinkBadgeStatus> = {
  '5f0000000000000000000001': 'SYNCED',
  '5f00000000000000000000a2': 'NOT_LINKED',
};
const badgeStatusOf = (id: string) => badgeStatuses[id] ?? 'UNCHECKED';

describe('filterOrgs', () => {
  it('matches the name case-insensitively or a piece of the ID', () => {
    expect(filterOrgs(orgs, 'ACME', null, badgeStatusOf).map((o) => o.name)).toEqual([
      'Acme Payments Prod',
      'acme sandbox',
    ]);
    expect(filterOrgs(orgs, ' 00a2 ', null, badgeStatusOf).map((o) => o.name)).toEqual([
      'Globex Billing',
    ]);
    expect(filterOrgs(orgs, '', null, badgeStatusOf)).toHaveLength(3);
  });

  it('filters by status, unknown orgs counting as not checked', () => {
    expect(filterOrgs(orgs, '', 'synced', badgeStatusOf).map((o) => o.name)).toEqual([
      'Acme Payments Prod',
    ]);
    expect(filterOrgs(orgs, 'acme', 'unchecked', badgeStatusOf).map((o) => o.name)).toEqual([
      'acme sandbox',
    ]);
    expect(filterOrgs(orgs, '', 'error', badgeStatusOf)).toEqual([]);
  });

  it('accepts only known status filter values', () => {
    expect(isStatusFilter('not-synced')).toBe(true);
    expect(isStatusFilter('toString')).toBe(false);
    expect(isStatusFilter(null)).toBe(false);
  });
});
