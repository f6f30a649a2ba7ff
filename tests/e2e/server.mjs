// A static server for the built app (dist/) under a sub-path, as GitHub
// Pages serves it (/REPO/). Records every request it gets.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
};

// With `fixtures` (a folder), its files are served under BASE/fixtures/ too:
// a test's page script fetches them to make File objects (same origin, so
// the page's CSP allows it).
export async function serve(root, base = '/movielens/', fixtures = null) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('not under ' + base);
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    let dir = root;
    if (fixtures && rel.startsWith('fixtures/')) {
      dir = fixtures;
      rel = rel.slice('fixtures/'.length);
    }
    const file = normalize(join(dir, rel));
    if (!file.startsWith(normalize(dir))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(file);
      const path = s.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, origin: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
}
