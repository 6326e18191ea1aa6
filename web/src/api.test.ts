/**
 * The client against a real HTTP server on loopback (node:http inside the test), not a fetch stub:
 * headers, bodies and status codes are what the browser would see.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ApiError, NetworkError, query, setCsrfToken, setRequestLang } from './api.js';

let server: Server;
let base = '';
const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/api/bad') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'validation', message: 'invalid', issues: [{ path: 'ike.proposals.0', message: 'unknown algorithm' }] }));
      } else if (req.url === '/api/crash') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<h1>Bad gateway</h1>');
      } else if (req.url === '/api/profile') {
        res.writeHead(200, { 'content-type': 'application/x-openvpn-profile', 'content-disposition': 'attachment; filename="alice-staff.ovpn"' });
        res.end('client\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const last = () => seen[seen.length - 1]!;

describe('api client', () => {
  it('sends the console\'s language as Accept-Language, so validation messages match the screen', async () => {
    setRequestLang('zh-CN');
    await api.post(`${base}/api/x`, {});
    expect(last().headers['accept-language']).toBe('zh-CN');
    setRequestLang('en');
    await api.get(`${base}/api/x`);
    expect(last().headers['accept-language']).toBe('en');
  });

  it('sends the CSRF token on changes only', async () => {
    setCsrfToken('tok-123');
    await api.get(`${base}/api/x`);
    expect(last().headers['x-csrf-token']).toBeUndefined();
    await api.post(`${base}/api/x`, { a: 1 });
    expect(last().headers['x-csrf-token']).toBe('tok-123');
    expect(JSON.parse(last().body)).toEqual({ a: 1 });
    await api.del(`${base}/api/x`);
    expect(last().headers['x-csrf-token']).toBe('tok-123');
    setCsrfToken(undefined);
    await api.patch(`${base}/api/x`, {});
    expect(last().headers['x-csrf-token']).toBeUndefined();
  });

  it('turns a 400 into an ApiError carrying the field issues', async () => {
    const e = await api.post(`${base}/api/bad`, {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).code).toBe('validation');
    expect((e as ApiError).issues).toEqual([{ path: 'ike.proposals.0', message: 'unknown algorithm' }]);
  });

  it('keeps a non-JSON error readable', async () => {
    const e = (await api.get(`${base}/api/crash`).catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe('http-502');
    expect(e.message).toContain('Bad gateway');
  });

  it('reports an unreachable daemon as a NetworkError', async () => {
    const e = await api.get('http://127.0.0.1:1/api/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
  });

  it('returns downloads as text with the server-chosen file name', async () => {
    expect(await api.text(`${base}/api/profile`)).toEqual({ text: 'client\n', filename: 'alice-staff.ovpn' });
  });

  it('builds query strings without empty values', () => {
    expect(query({ kind: 'site.down', subject: '', limit: 50, since: undefined })).toBe('?kind=site.down&limit=50');
    expect(query({})).toBe('');
  });
});
