import { describe, expect, it } from 'vitest';
import { proxyUrl, routes } from '#contract/route-table';
import { findLeaks } from './check-no-secrets';

const ORG = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const generate = {
  method: 'POST',
  path: proxyUrl(routes.createLinkToken, { orgId: ORG }),
  status: 201,
  headers: {},
  body: JSON.stringify({ linkToken: 'TOKEN-abcdefghijkl' }),
};
const clean = {
  answers: [generate],
  serverLog: '{"msg":"request"}',
  auditLog: '{}',
  apiCalls: [
    'curl --digest -u "{PUBLIC-KEY}:{PRIVATE-KEY}" --data \'{"linkToken":"{LINK-TOKEN}"}\'',
  ],
  database: [
    { where: 'audit_records.user_name', values: ['olga'] },
    { where: 'session_revocations.session_id', values: ['sid-1'] },
  ],
  secrets: ['s3cret-key'],
};

describe('check-no-secrets', () => {
  it('accepts a link-token only in the answer that generated it', () => {
    expect(findLeaks(clean)).toEqual([]);
  });

  it('finds a secret or a token anywhere else, without printing it', () => {
    const problems = findLeaks({
      ...clean,
      answers: [
        generate,
        { method: 'GET', path: '/api/config', status: 200, headers: { x: 's3cret-key' }, body: '' },
        { method: 'GET', path: '/api/audit', status: 200, headers: {}, body: 'TOKEN-abcdefghijkl' },
      ],
      serverLog: 'oops s3cret-key',
      databaseFiles: 'heap page ... s3cret-key ...',
      auditLog: 'TOKEN-abcdefghijkl',
      apiCalls: [
        ...clean.apiCalls,
        'curl --digest -u "pub:s3cret-key"',
        `--data '{"linkToken":"TOKEN-abcdefghijkl"}'`,
      ],
      database: [
        ...clean.database,
        { where: 'audit_records.path', values: ['/api/x/TOKEN-abcdefghijkl'] },
        { where: 'fleet_orgs.last_error_detail', values: ['', 'key s3cret-key refused'] },
      ],
    });
    expect(problems).toEqual([
      'secret #1 appears in the server log',
      'secret #1 appears in the database files',
      'secret #1 appears in Show API call text #2',
      'secret #1 appears in the database (fleet_orgs.last_error_detail)',
      'generated link-token #1 appears in the audit log',
      'generated link-token #1 appears in Show API call text #3',
      'generated link-token #1 appears in the database (audit_records.path)',
      'secret #1 appears in the answer to GET /api/config',
      'generated link-token #1 appears in the answer to GET /api/audit',
    ]);
    expect(problems.join()).not.toContain('s3cret');
  });
});
