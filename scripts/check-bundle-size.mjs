#!/usr/bin/env node
// Bundle budget: the JS + CSS a browser loads for the first route (/ → /orgs), gzipped, must stay
// under BUDGET_KB. Also fails if msw or the fakes leaked into a production build, or if a bundle
// points browsers at a source map (they are built `hidden`, and the proxy never serves them). Run after
// `vite build` (npm run size does both). Prints the figures it measured.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_KB ?? 170);
const FIRST_ROUTE = 'src/app/routes/orgs.tsx';
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const files = new Set();
function collect(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imp of chunk.imports ?? []) collect(imp);
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entry) throw new Error('no entry chunk in the manifest');
collect(entry);
if (!manifest[FIRST_ROUTE]) throw new Error(`${FIRST_ROUTE} is not a chunk of its own`);
collect(FIRST_ROUTE);

const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
let total = 0;
const rows = [...files].map((f) => {
  const size = gz(f);
  total += size;
  return { file: f, gzipKB: +(size / 1024).toFixed(1) };
});
rows.sort((a, b) => b.gzipKB - a.gzipKB);
console.table(rows);

const totalKB = total / 1024;
console.log(
  `first route (${FIRST_ROUTE}): ${totalKB.toFixed(1)} KB gzip of ${BUDGET_KB} KB budget`,
);

const leaked = readdirSync(join(dist, 'assets')).filter((f) => {
  if (!f.endsWith('.js')) return false;
  const text = readFileSync(join(dist, 'assets', f), 'utf8');
  return /mockServiceWorker|setupWorker|MSW_COOKIE_STORE|x-mock-scenario/.test(text);
});
// A public source map would hand out the sources; `sourcemap: 'hidden'` keeps the maps beside the
// bundles (for reading a stack trace) without the comment that tells a browser where they are.
const pointing = readdirSync(join(dist, 'assets')).filter(
  (f) =>
    /\.(js|css)$/.test(f) &&
    /[#@] sourceMappingURL=/.test(readFileSync(join(dist, 'assets', f), 'utf8')),
);
let failed = false;
if (pointing.length) {
  console.error(`bundles point to a source map: ${pointing.join(', ')}`);
  failed = true;
}
if (leaked.length) {
  console.error(`msw or the fakes are in the production bundle: ${leaked.join(', ')}`);
  failed = true;
}
if (totalKB > BUDGET_KB) {
  console.error(`over budget by ${(totalKB - BUDGET_KB).toFixed(1)} KB`);
  failed = true;
}
process.exit(failed ? 1 : 0);
