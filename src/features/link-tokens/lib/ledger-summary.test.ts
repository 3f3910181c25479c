import { describe, expect, it } from 'vitest';
import type { LedgerConnection, LedgerEntry } from '#contract/link-contract';
import { connectedOrgsLine } from './connected-orgs-line';
import { ledgerSummary } from './ledger-summary';

function entry(p: Partial<LedgerEntry> & Pick<LedgerEntry, 'id'>): LedgerEntry {
  const e: LedgerEntry = {
    atlasOrgId: '6a0000000000000000000002',
    fingerprint: 'abc123',
    via: 'generate',
    accessListIps: [],
    generatedAt: '2026-11-30T07:00:00.000Z',
    generatedBy: 'demo',
    deletedAt: null,
    deletedBy: null,
    connections: [],
    ...p,
  };
  return e;
}

const conn = (orgName: string, connectedAt: string): LedgerConnection => ({
  source: 'opsmanager',
  orgId: '5f0000000000000000000001',
  orgName,
  connectedAt,
  connectedBy: 'demo',
  via: 'link',
});

describe('ledgerSummary', () => {
  it('says when nothing was generated here', () => {
    expect(ledgerSummary([])).toBe('No link-token has been generated here for this organization.');
  });

  it('counts, says how many still exist and names the last org connected', () => {
    const entries = [
      entry({ id: 2, connections: [conn('Acme Payments Prod', '2026-11-30T07:05:00.000Z')] }),
      entry({
        id: 1,
        deletedAt: '2026-11-30T07:06:00.000Z',
        connections: [conn('Older Org', '2026-11-30T07:01:00.000Z')],
      }),
    ];
    expect(ledgerSummary(entries)).toBe(
      '2 link-tokens generated here, 1 still exists; last used to connect Acme Payments Prod.',
    );
    expect(ledgerSummary([entry({ id: 3 })])).toBe(
      '1 link-token generated here; none used to connect an organization yet.',
    );
  });
});

describe('connectedOrgsLine', () => {
  it('names the orgs connected with tokens that still exist, in one line', () => {
    const line = connectedOrgsLine([
      entry({ id: 1, connections: [conn('Acme Payments Prod', '2026-11-30T07:05:00.000Z')] }),
      entry({
        id: 2,
        deletedAt: '2026-11-30T07:06:00.000Z',
        connections: [conn('Gone Org', '2026-11-30T07:01:00.000Z')],
      }),
    ]);
    expect(line).toMatch(/^Acme Payments Prod and any other organization .* read Not synced/);
    expect(line).not.toContain('Gone Org');
    expect(connectedOrgsLine(null)).toMatch(/^Organizations already connected/);
  });
});
