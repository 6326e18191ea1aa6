/**
 * The console's files are served like a product: every file index.html names, and every file under
 * dist/web/assets, comes brotli-compressed when the browser asks for br, gzip-compressed when it asks for gzip
 * (precompressed at build by scripts/compress-assets.mjs), unchanged otherwise, always decoding to the built
 * file's bytes; hashed assets are cached for a year as immutable, index.html is revalidated on every load.
 * Needs the built console (`npm run build`). Requests go through node:http so the body is read as sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { testDaemon } from '../support/daemon.js';
import { consoleDir } from '../../src/api/app.js';
import { SECURITY_HEADERS } from '../../src/api/security-headers.js';

function get(base: string, path: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: u.hostname, port: u.port, path, timeout: 5_000, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer for ${path} within 5 s`)));
    req.on('error', reject);
  });
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

test('every console file is served precompressed by Accept-Encoding, with the right cache header', async (t) => {
  const web = consoleDir();
  assert.ok(web, 'the console is built (npm run build)');
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(referenced.some((p) => p.endsWith('.js')) && referenced.some((p) => p.endsWith('.css')), `index.html names its script and stylesheet: ${referenced.join(', ')}`);
  const built = readdirSync(join(web, 'assets')).filter((f) => !/\.(br|gz)$/.test(f)).map((f) => `/assets/${f}`);
  for (const p of referenced) assert.ok(built.includes(p), `${p} named by index.html is built`);
  assert.ok(built.length > 10, `the console is split in chunks (${built.length} files)`);

  const d = await testDaemon(t);
  const paths = ['/', '/index.html', ...built];
  for (const path of paths) {
    const file = join(web, path === '/' ? 'index.html' : path);
    const original = readFileSync(file);
    const cache = path.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
    const type = path.endsWith('.js') ? /javascript/ : path.endsWith('.css') ? /text\/css/ : /text\/html/;

    const br = await get(d.url, path, 'gzip, deflate, br');
    assert.equal(br.status, 200, path);
    assert.equal(br.headers['content-encoding'], 'br', `${path} in brotli when br is accepted`);
    assert.ok(br.body.length < original.length, `${path}: ${br.body.length} bytes in brotli, ${original.length} raw`);
    assert.ok(brotliDecompressSync(br.body).equals(original), `${path} decodes from brotli to the built file`);
    assert.equal(br.headers['cache-control'], cache, path);
    assert.match(br.headers['content-type'] ?? '', type, path);
    assert.match(br.headers.vary ?? '', /accept-encoding/i, path);

    const gz = await get(d.url, path, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip', `${path} in gzip when only gzip is accepted`);
    assert.ok(gunzipSync(gz.body).equals(original), `${path} decodes from gzip to the built file`);
    assert.equal(gz.headers['cache-control'], cache, path);
    assert.match(gz.headers['content-type'] ?? '', type, path);

    for (const plain of [undefined, 'identity']) {
      const id = await get(d.url, path, plain);
      assert.equal(id.headers['content-encoding'], undefined, `${path} unencoded with Accept-Encoding ${plain ?? '(none)'}`);
      assert.ok(id.body.equals(original), `${path} is the built file`);
      assert.equal(id.headers['cache-control'], cache, path);
    }
    // the console stays public and keeps its security headers
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(br.headers[name], value, `${path}: ${name}`);
  }
});
