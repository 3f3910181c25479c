import { describe, expect, it } from 'vitest';
import { LONG_NOT_SYNCED_MS, notSyncedAdvice } from './not-synced-advice';

describe('notSyncedAdvice', () => {
  it('says nothing while waiting is still normal', () => {
    expect(notSyncedAdvice(LONG_NOT_SYNCED_MS - 1, [])).toEqual({ long: false, checks: [] });
  });

  it('past the limit, lists what to check, the access list by its entries', () => {
    const a = notSyncedAdvice(LONG_NOT_SYNCED_MS, ['203.0.113.7']);
    expect(a.long).toBe(true);
    expect(a.checks.join('\n')).toContain('access list (203.0.113.7)');
    expect(notSyncedAdvice(LONG_NOT_SYNCED_MS, []).checks.join('\n')).toContain(
      'the access list is not the cause',
    );
  });
});
