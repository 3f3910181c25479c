// The SPA's build-time settings. Never put a secret in VITE_*: it ships to the browser.

export const env = {
  /** The browser fakes answer /api/* (in `npm run dev`, or a build made with VITE_MOCKS=true). */
  mocksEnabled: __MOCKS_ENABLED__,
};
