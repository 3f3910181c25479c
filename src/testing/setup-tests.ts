import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { setApiBaseUrl } from '@/api/client';
// Tests use the same fakes as the browser (RTL cleans up after each test by itself).
import { mockServer, resetMocks } from '../../mocks/node';

// jsdom lacks these; Mantine needs them.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView = () => {};

// findBy*/waitFor wait up to 5 s (not 1 s): a loaded 2-core machine runs several suites at once.
configure({ asyncUtilTimeout: 5_000 });

// Node's fetch needs absolute URLs; the SPA calls its own origin.
setApiBaseUrl(window.location.origin);

// A console.error during a test is a bug (React warnings such as act(), unhandled requests). It is
// recorded and fails the test in afterEach: thrown where it is logged (inside React's scheduler or a
// Mantine timer) it would surface as an uncaught error, blamed on no test or on the wrong one.
const originalError = console.error;
const logged: string[] = [];
beforeAll(() => {
  mockServer.listen({ onUnhandledRequest: 'error' });
  console.error = (...args: unknown[]) => {
    originalError(...args);
    const test = expect.getState().currentTestName ?? 'between tests';
    logged.push(`${test}: ${formatLogged(args)}`);
  };
});
afterEach(() => {
  mockServer.resetHandlers();
  resetMocks();
  const errors = logged.splice(0);
  if (errors.length > 0) {
    throw new Error(`console.error during the test:\n${errors.join('\n')}`);
  }
});
/** React logs `console.error('An update to %s …', name)`: fill in the %s, keep the first line. */
function formatLogged([first, ...rest]: unknown[]): string {
  const text = String(first).replace(/%s/g, () => String(rest.shift()));
  return text.split('\n')[0] ?? '';
}

afterAll(() => {
  mockServer.close();
  console.error = originalError;
  if (logged.length > 0) throw new Error(`console.error after the tests:\n${logged.join('\n')}`);
});
