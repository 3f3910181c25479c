// Why the store could not open, in words that say what to do. Never holds a password: messages
// from the driver are scrubbed before they are wrapped (see connect.ts).
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Another process holds the embedded database's data directory. */
export class StoreLockedError extends StoreError {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLockedError';
  }
}
