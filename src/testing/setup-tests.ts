import '@testing-library/jest-dom/vitest';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
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

// Node's fetch needs absolute URLs; the SPA calls its own origin.
setApiBaseUrl(window.location.origin);

// A console.error during a test is a bug (React warnings, unhandled requests).
const originalError = console.error;
beforeAll(() => {
  mockServer.listen({ onUnhandledRequest: 'error' });
  console.error = (...args: unknown[]) => {
    originalError(...args);
    throw new Error(`console.error during a test: ${String(args[0])}`);
  };
});
afterEach(() => {
  mockServer.resetHandlers();
  resetMocks();
});
afterAll(() => {
  mockServer.close();
  console.error = originalError;
});
