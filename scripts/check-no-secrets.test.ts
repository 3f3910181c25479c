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
      databaseFiles: [
        { path: 'data/db/base/1', bytes: Buffer.from('heap page ... s3cret-key ...') },
      ],
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
      'secret #1 appears in the database (data/db/base/1)',
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

describe('check-no-secrets and Generate and connect', () => {
  const linkToken = 'LINKED-TOKEN-mnopqrstuvwx';
  const linkAnswer = {
    method: 'POST',
    path: '/api/link',
    status: 201,
    headers: {},
    body: JSON.stringify({ status: 'NOT_SYNCED', token: { fingerprint: 'abc123' } }),
  };

  it('accepts a token the simulated Atlas issued that appears nowhere', () => {
    expect(
      findLeaks({ ...clean, answers: [generate, linkAnswer], issuedTokens: [linkToken] }),
    ).toEqual([]);
  });

  it('finds an issued token in any answer (even one that looks like a generate), log or audit', () => {
    const problems = findLeaks({
      ...clean,
      answers: [
        generate,
        { ...linkAnswer, body: JSON.stringify({ detail: `bad token ${linkToken}` }) },
        // A failed generate does not own a token it mentions.
        { ...generate, status: 400, body: JSON.stringify({ detail: linkToken }) },
      ],
      serverLog: `{"body":"${linkToken}"}`,
      auditLog: linkToken,
      issuedTokens: [linkToken, 'TOKEN-abcdefghijkl'],
    });
    expect(problems).toEqual([
      'generated link-token #1 appears in the server log',
      'generated link-token #1 appears in the audit log',
      'generated link-token #1 appears in the answer to POST /api/link',
      `generated link-token #1 appears in the answer to POST ${generate.path}`,
    ]);
    expect(problems.join()).not.toContain(linkToken);
  });

  it('finds a secret or a link-token in the database files, naming the file only', () => {
    const database = [
      { path: 'data/db/base/5/16384', bytes: Buffer.from('\u0000abc123 fingerprint only\u0000') },
      {
        path: 'data/db/pg_wal/000000010000000000000001',
        bytes: Buffer.from('xxTOKEN-abcdefghijklxx'),
      },
    ];
    const problems = findLeaks({ ...clean, databaseFiles: database });
    expect(problems).toEqual([
      'generated link-token #1 appears in the database (data/db/pg_wal/000000010000000000000001)',
    ]);
    expect(findLeaks({ ...clean, databaseFiles: database.slice(0, 1) })).toEqual([]);
  });
});
