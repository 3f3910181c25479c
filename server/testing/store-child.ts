// A separate process using the store, for tests that need two real processes (the embedded
// database's lock) or a writer killed with SIGKILL (durability). Settings from the environment:
// DATABASE_URL or DATA_DIR, as the proxy reads them; STORE_SEED: a dump that seeds a new
// embedded data directory (instead of initdb, which takes seconds).
//
//   node --import tsx server/testing/store-child.ts open    opens, prints "opened", closes
//   node --import tsx server/testing/store-child.ts write   writes org after org; prints
//                                                           "ack ORGID STATUS" once committed
// A StoreError is printed on stderr with exit code 3.
import { readFileSync } from 'node:fs';
import { openStore } from '../store/connect';
import { StoreError } from '../store/errors';
import { recordObservation } from '../store/fleet';

async function main(mode: string): Promise<void> {
  const seed = process.env.STORE_SEED;
  const store = await openStore({
    databaseUrl: process.env.DATABASE_URL ?? null,
    dataDir: process.env.DATA_DIR ?? 'data',
    ...(seed ? { seed: new Blob([readFileSync(seed)]) } : {}),
  });
  if (mode === 'open') {
    process.stdout.write('opened\n');
    await store.close();
    return;
  }
  if (mode !== 'write') throw new Error(`unknown mode ${mode}`);
  process.stdout.write('opened\n');
  for (let n = 0; ; n++) {
    const orgId = `c${n.toString(16).padStart(23, '0')}`;
    const status = n % 2 ? 'SYNCED' : 'NOT_SYNCED';
    await recordObservation(store.db, {
      upstream: 'opsmanager',
      orgId,
      at: new Date(),
      seen: 'sweep',
      result: { status },
    });
    // Pipes are written synchronously on Linux: once this returns, the parent can read it.
    process.stdout.write(`ack ${orgId} ${status}\n`);
  }
}

main(process.argv[2] ?? '').catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof StoreError ? 3 : 1);
});
