import type { LinkBadgeStatus } from '@/api/queries/link-status';
import type { FleetOrg } from '#contract/fleet-contract';
import type { SourceUpstream } from '#contract/route-table';
import { boardKey, type BoardOrg } from './board-rows';
import { filterOrgs, isSourceFilter, isStatusFilter } from './filter-orgs';

function org(source: SourceUpstream, id: string, name: string): BoardOrg {
  const fleet: FleetOrg = {
    upstream: source,
    orgId: id,
    name,
    status: null,
    statusSince: null,
    lastCheckedAt: null,
    lastSuccessAt: null,
    lastError: null,
  };
  return { key: boardKey(source, id), source, id, name, fleet };
}

const orgs = [
  org('opsmanager', '5f0000000000000000000001', 'Acme Payments Prod'),
  org('opsmanager', '5f00000000000000000000a2', 'Globex Billing'),
  org('cloudmanager', '5f00000000000000000000b3', 'acme sandbox'),
];
const statuses: Record<string, LinkBadgeStatus> = {
  '5f0000000000000000000001': 'SYNCED',
  '5f00000000000000000000a2': 'NOT_LINKED',
};
const statusOf = (o: BoardOrg) => statuses[o.id] ?? 'UNCHECKED';
const all = { search: '', source: null, status: null };

describe('filterOrgs', () => {
  it('matches the name case-insensitively or a piece of the ID', () => {
    expect(filterOrgs(orgs, { ...all, search: 'ACME' }, statusOf).map((o) => o.name)).toEqual([
      'Acme Payments Prod',
      'acme sandbox',
    ]);
    expect(filterOrgs(orgs, { ...all, search: ' 00a2 ' }, statusOf).map((o) => o.name)).toEqual([
      'Globex Billing',
    ]);
    expect(filterOrgs(orgs, all, statusOf)).toHaveLength(3);
  });

  it('filters by status and by source, together with the search', () => {
    expect(filterOrgs(orgs, { ...all, status: 'synced' }, statusOf).map((o) => o.name)).toEqual([
      'Acme Payments Prod',
    ]);
    expect(
      filterOrgs(orgs, { ...all, search: 'acme', status: 'unchecked' }, statusOf).map(
        (o) => o.name,
      ),
    ).toEqual(['acme sandbox']);
    expect(filterOrgs(orgs, { ...all, status: 'error' }, statusOf)).toEqual([]);
    expect(
      filterOrgs(orgs, { ...all, source: 'cloudmanager' }, statusOf).map((o) => o.name),
    ).toEqual(['acme sandbox']);
    expect(
      filterOrgs(orgs, { search: 'acme', source: 'opsmanager', status: null }, statusOf).map(
        (o) => o.name,
      ),
    ).toEqual(['Acme Payments Prod']);
  });

  it('accepts only known filter values', () => {
    expect(isStatusFilter('not-synced')).toBe(true);
    expect(isStatusFilter('toString')).toBe(false);
    expect(isStatusFilter(null)).toBe(false);
    expect(isSourceFilter('cloudmanager')).toBe(true);
    expect(isSourceFilter('cloud')).toBe(false);
    expect(isSourceFilter(null)).toBe(false);
  });
});
