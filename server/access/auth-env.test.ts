import { describe, expect, it } from 'vitest';
import { parseAuthEnv } from './auth-env';

const SECRET = 'Zm9vYmFyYmF6cXV4LXRlc3Qtc2VjcmV0LTAxMjM0NTY3';

describe('access settings', () => {
  it('signs the visitor in as the demo operator on loopback when nothing is configured', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      const { auth, problems } = parseAuthEnv({}, host, '/srv');
      expect(problems).toEqual([]);
      expect(auth.demo).toBe(true);
      expect(auth.auditFile).toBe('/srv/data/audit.log');
    }
  });

  it('refuses any other address without sign-in, saying how to configure it', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'dashboard.internal']) {
      const { problems } = parseAuthEnv({}, host);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        new RegExp(`Refusing to listen on ${host.replace(/\./g, '\\.')} without sign-in`),
      );
      expect(problems[0]).toMatch(/USERS_FILE/);
      expect(problems[0]).toMatch(/SESSION_SECRET/);
      expect(problems[0]).toMatch(/npm run user:add/);
      expect(problems[0]).toMatch(/TRUST_USER_HEADER/);
    }
  });

  it('needs a strong SESSION_SECRET with USERS_FILE, and never echoes it', () => {
    expect(parseAuthEnv({ USERS_FILE: 'u.json' }, '0.0.0.0').problems[0]).toMatch(
      /SESSION_SECRET is required/,
    );
    const weak = parseAuthEnv({ USERS_FILE: 'u.json', SESSION_SECRET: 'hunter2' }, '0.0.0.0');
    expect(weak.problems[0]).toMatch(/too short/);
    expect(weak.problems.join()).not.toContain('hunter2');
    const ok = parseAuthEnv(
      { USERS_FILE: 'u.json', SESSION_SECRET: SECRET, SESSION_TTL: '2h', COOKIE_SECURE: 'always' },
      '0.0.0.0',
      '/srv',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.auth).toMatchObject({
      usersFile: '/srv/u.json',
      sessionTtlMs: 2 * 3_600_000,
      cookieSecure: 'always',
      demo: false,
    });
  });

  it('checks the SSO header settings', () => {
    expect(parseAuthEnv({ TRUST_USER_HEADER: 'X-Forwarded-User' }, '0.0.0.0').problems).toEqual([
      expect.stringMatching(/TRUSTED_PROXIES is required/),
    ]);
    expect(
      parseAuthEnv({ TRUST_USER_HEADER: 'cookie', TRUSTED_PROXIES: '10.0.0.1' }, '0.0.0.0')
        .problems[0],
    ).toMatch(/TRUST_USER_HEADER must be/);
    expect(
      parseAuthEnv({ TRUST_USER_HEADER: 'x-user', TRUSTED_PROXIES: '0.0.0.0/0' }, '0.0.0.0')
        .problems[0],
    ).toMatch(/too wide/);
    const ok = parseAuthEnv(
      {
        TRUST_USER_HEADER: 'X-Forwarded-User',
        TRUSTED_PROXIES: '10.0.0.1, 10.0.1.0/24',
        TRUSTED_OPERATORS: 'alice,bob',
        TRUSTED_GROUPS_HEADER: 'X-Forwarded-Groups',
        TRUSTED_OPERATOR_GROUPS: 'ops',
      },
      '0.0.0.0',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.auth.trusted).toEqual({
      userHeader: 'x-forwarded-user',
      proxies: ['10.0.0.1', '10.0.1.0/24'],
      operators: ['alice', 'bob'],
      groupsHeader: 'x-forwarded-groups',
      operatorGroups: ['ops'],
    });
    expect(parseAuthEnv({ TRUSTED_PROXIES: '10.0.0.1' }, '127.0.0.1').problems[0]).toMatch(
      /only take effect with TRUST_USER_HEADER/,
    );
  });

  it('audit goes to the database, and by default also to a file; stdout on request', () => {
    expect(
      parseAuthEnv({ AUDIT_LOG: '/var/log/orglink/audit.jsonl' }, '127.0.0.1').auth.auditFile,
    ).toBe('/var/log/orglink/audit.jsonl');
    expect(parseAuthEnv({}, '127.0.0.1', '/srv').auth.auditFile).toBe('/srv/data/audit.log');
    // The database always records, so the file may be turned off on its own.
    const databaseOnly = parseAuthEnv({ AUDIT_LOG: 'off' }, '127.0.0.1');
    expect(databaseOnly.problems).toEqual([]);
    expect(databaseOnly.auth).toMatchObject({ auditFile: null, auditStdout: false });
    const stdoutOnly = parseAuthEnv({ AUDIT_LOG: 'off', AUDIT_STDOUT: 'true' }, '127.0.0.1');
    expect(stdoutOnly.problems).toEqual([]);
    expect(stdoutOnly.auth).toMatchObject({ auditFile: null, auditStdout: true });
    expect(parseAuthEnv({ AUDIT_STDOUT: 'maybe' }, '127.0.0.1').problems[0]).toMatch(
      /true or false/,
    );
    expect(parseAuthEnv({ SESSION_TTL: '1m' }, '127.0.0.1').problems[0]).toMatch(/SESSION_TTL/);
  });
});
