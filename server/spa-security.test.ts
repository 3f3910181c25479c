// The SPA's pages get the strict headers too (CSP without inline scripts, no framing, nosniff,
// referrer policy), and the SPA itself needs no inline script that such a CSP would block.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orglink-spa-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  h = await startHarness({ staticDir: dir });
});
afterAll(() => h.close());

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('security headers on the SPA', () => {
  it.each(['/', '/orgs', '/orgs/5e1d7a3b9c0f2a4b6d8e0f12', '/sign-in', '/assets/index-abc.js'])(
    '%s',
    async (url) => {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const csp = directives(String(res.headers['content-security-policy']));
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
      expect(scripts).toContain("'self'");
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
        expect(scripts).not.toContain(bad);
      }
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(['no-referrer', 'same-origin', 'strict-origin']).toContain(
        res.headers['referrer-policy'],
      );
    },
  );

  it('index.html has no inline script (the CSP would block it)', () => {
    const html = readFileSync(resolve(import.meta.dirname, '..', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });
});
