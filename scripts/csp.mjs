// Trunk post-build hook: adds the SHA-256 of every inline <script> of the
// staged index.html to the Content-Security-Policy's script-src, so the
// policy can forbid all other inline script (Trunk's loader is inline).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const before = html;
html = html.replace(/(script-src 'self' 'wasm-unsafe-eval')/, `$1 ${hashes.join(' ')}`);
if (hashes.length && html === before) {
  console.error('csp.mjs: no script-src directive found in index.html');
  process.exit(1);
}
writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline script hash(es) added to the CSP`);
