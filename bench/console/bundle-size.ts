/** Gzip size of the console's JavaScript as the daemon serves it: everything, and what the first page loads. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** entry script plus the chunks index.html preloads: what the dashboard needs before it renders */
  initialGzipBytes: number;
  cssGzipBytes: number;
}

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

export function measureBundle(distWeb: string): BundleSize {
  const assets = join(distWeb, 'assets');
  const names = readdirSync(assets);
  const js = names.filter((n) => n.endsWith('.js'));
  const html = readFileSync(join(distWeb, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  let rawBytes = 0;
  let gzipBytes = 0;
  let initialGzipBytes = 0;
  for (const n of js) {
    const b = readFileSync(join(assets, n));
    const g = gz(b);
    rawBytes += b.length;
    gzipBytes += g;
    if (initial.has(n)) initialGzipBytes += g;
  }
  const cssGzipBytes = names.filter((n) => n.endsWith('.css')).reduce((s, n) => s + gz(readFileSync(join(assets, n))), 0);
  return { files: js.length, rawBytes, gzipBytes, initialGzipBytes, cssGzipBytes };
}
