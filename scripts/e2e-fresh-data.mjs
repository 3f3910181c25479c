// Empties a folder under artifacts/ before an e2e server starts, so every Playwright run gets a
// fresh data directory (the embedded database belongs to one process, and tests expect the
// seeded state). Usage: node scripts/e2e-fresh-data.mjs artifacts/e2e-full
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, process.argv[2] ?? '');
// Only ever below artifacts/: this deletes what it is given.
if (
  relative(resolve(root, 'artifacts'), target).startsWith('..') ||
  target === resolve(root, 'artifacts')
) {
  console.error(`e2e-fresh-data: ${target} is not a folder below artifacts/`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
