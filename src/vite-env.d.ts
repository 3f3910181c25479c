/// <reference types="vite/client" />

/** Build-time constant from vite.config.ts: whether the browser fakes are bundled and started. */
declare const __MOCKS_ENABLED__: boolean;
