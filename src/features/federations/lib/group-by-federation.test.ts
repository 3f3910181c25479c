import { describe, expect, it } from 'vitest';
import type { FederationSettings } from '#contract/schemas';
import { groupByFederation } from './group-by-federation';

const org = (n: number) => ({ id: String(n).padStart(24, 'a'), name: `Org ${n}` });
const fed = (id: string, federatedDomains: string[] = []): FederationSettings => ({
  id: id.padStart(24, 'f'),
  federatedDomains,
  hasRoleMappings: false,
  identityProviderStatus: 'ACTIVE',
});

describe('groupByFederation', () => {
  it('groups orgs by federation and keeps the unfederated, failed and pending apart', () => {
    const orgs = [org(1), org(2), org(3), org(4), org(5), org(6)];
    const error = new Error('403');
    const grouped = groupByFederation(orgs, [
      { data: { kind: 'federated', settings: fed('2') }, error: null },
      { data: { kind: 'none', detail: 'no federation' }, error: null },
      { data: { kind: 'federated', settings: fed('1') }, error: null },
      { data: { kind: 'federated', settings: fed('2') }, error: null },
      { error },
      { error: null },
    ]);
    expect(grouped.federations.map((g) => [g.settings.id, g.orgs.map((o) => o.name)])).toEqual([
      [fed('1').id, ['Org 3']],
      [fed('2').id, ['Org 1', 'Org 4']],
    ]);
    expect(grouped.unfederated.map((o) => o.name)).toEqual(['Org 2']);
    expect(grouped.failed).toEqual([{ org: org(5), error }]);
    expect(grouped.pending.map((o) => o.name)).toEqual(['Org 6']);
  });

  it('orders federations by their domains (stable while identity providers load), then ID', () => {
    const orgs = [org(1), org(2), org(3), org(4)];
    const grouped = groupByFederation(orgs, [
      { data: { kind: 'federated', settings: fed('1', ['wonka.com']) }, error: null },
      { data: { kind: 'federated', settings: fed('2', ['acme.com']) }, error: null },
      { data: { kind: 'federated', settings: fed('4') }, error: null },
      { data: { kind: 'federated', settings: fed('3') }, error: null },
    ]);
    expect(grouped.federations.map((g) => g.orgs[0]?.name)).toEqual([
      'Org 2',
      // No domains yet: named by ID ("Federation f…3" before "Federation f…4").
      'Org 4',
      'Org 3',
      'Org 1',
    ]);
  });
});
