// The fakes in the browser (`npm run dev`): the proxy handlers in msw's service worker. Loaded only
// through src/lib/enable-mocking.ts, so none of this reaches a production build.
import { setupWorker } from 'msw/browser';
import { setMockLatency } from './handlers/operations';
import { createProxyHandlers } from './handlers/proxy';
import { SCENARIO_HEADER, isScenario, setDefaultScenario } from './scenarios';

const STORAGE_KEY = 'orglink.mockScenario';

/** `?scenario=<name>` picks the page-wide scenario; `?scenario=` (empty) or `none` clears it. */
function pickScenario(): void {
  const fromUrl = new URL(window.location.href).searchParams.get('scenario');
  if (fromUrl !== null) {
    if (isScenario(fromUrl)) sessionStorage.setItem(STORAGE_KEY, fromUrl);
    else sessionStorage.removeItem(STORAGE_KEY);
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  setDefaultScenario(isScenario(stored) ? stored : null);
  if (isScenario(stored)) {
    console.info(`[mocks] scenario "${stored}" (per request: ${SCENARIO_HEADER} header)`);
  }
}

export async function startBrowserMocks(): Promise<void> {
  pickScenario();
  // Realistic latency for people; none under automation (Playwright sets navigator.webdriver).
  setMockLatency(navigator.webdriver ? null : [150, 400]);
  const worker = setupWorker(...createProxyHandlers());
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}
