// Test-only sign-in settings for the `full-stack-auth` Playwright project (port 8182, or
// E2E_PORT_BASE + 2 when several checkouts run their e2e suites side by side). The users are
// in e2e/users.e2e.json (written with `npm run user:add`); these passwords and this session secret
// protect nothing but the simulated upstream of a test run, and are grepped for in every output
// afterwards (scripts/check-no-secrets.ts) to prove none of them leaks.
/** Several checkouts on one machine each set their own E2E_PORT_BASE (mock, full stack, auth). */
export const E2E_PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 0) || null;
export const E2E_AUTH_PORT = E2E_PORT_BASE ? E2E_PORT_BASE + 2 : 8182;
export const E2E_AUTH_DIR = 'artifacts/e2e-auth';
export const E2E_SESSION_SECRET = 'e2e-only-session-secret-4f9c2a7e1b3d5f60a8c';

export const E2E_USERS = {
  operator: { username: 'e2e-operator', password: 'e2e-operator-password-1' },
  viewer: { username: 'e2e-viewer', password: 'e2e-viewer-password-1' },
} as const;
