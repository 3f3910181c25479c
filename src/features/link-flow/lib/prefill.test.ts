import { describe, expect, it } from 'vitest';
import { parseSourceValue, readLinkChoice, sourceValue } from './prefill';

const ORG = '5f0000000000000000000001';
const ATLAS = '6a0000000000000000000002';

describe('readLinkChoice', () => {
  it('takes a well-formed source org and Atlas org from the address', () => {
    const c = readLinkChoice(
      new URLSearchParams({ source: 'cloudmanager', org: ORG, atlasOrg: ATLAS }),
    );
    expect(c).toEqual({
      source: { upstream: 'cloudmanager', orgId: ORG },
      atlasOrgId: ATLAS,
      problems: [],
    });
  });

  it('names every part it cannot use instead of dropping it silently', () => {
    const c = readLinkChoice(new URLSearchParams({ source: 'atlas', org: ORG, atlasOrg: 'nope' }));
    expect(c.source).toBeNull();
    expect(c.atlasOrgId).toBeNull();
    expect(c.problems).toEqual([
      'The source product in the address is not Ops Manager or Cloud Manager.',
      'The Atlas organization ID in the address is not valid.',
    ]);
    expect(
      readLinkChoice(new URLSearchParams({ source: 'opsmanager', org: 'x' })).problems,
    ).toEqual(['The source organization ID in the address is not valid.']);
  });

  it('an empty address chooses nothing and complains of nothing', () => {
    expect(readLinkChoice(new URLSearchParams())).toEqual({
      source: null,
      atlasOrgId: null,
      problems: [],
    });
  });
});

describe('source select values', () => {
  it('round-trip, and refuse what is not a source org', () => {
    expect(parseSourceValue(sourceValue('opsmanager', ORG))).toEqual({
      upstream: 'opsmanager',
      orgId: ORG,
    });
    expect(parseSourceValue(`cloud:${ORG}`)).toBeNull();
    expect(parseSourceValue('opsmanager:123')).toBeNull();
  });
});
