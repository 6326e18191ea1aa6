/**
 * Stand-ins for the DDNS services the tests cannot reach (no Internet here): local HTTP servers on
 * loopback that implement the documented requests and answers of each API, and check each request's
 * credentials and signature with their own code (written from the providers' documents, not shared
 * with the client under test), so a wrong signature fails the test.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DdnsProviderWithSecret } from '../../src/stability/ddns/types.js';

export interface FakeProvider {
  kind: 'dyndns2' | 'noip' | 'duckdns' | 'cloudflare' | 'alidns' | 'dnspod';
  url: string;
  /** hostname → address the fake provider holds */
  records: Map<string, string>;
  /** requests refused for a bad credential or signature */
  rejected: number;
  /** accepted updates */
  updates: number;
  /** while set, every request is answered HTTP 503 (a provider outage) */
  down: boolean;
  close(): Promise<void>;
}

export const CREDS = { user: 'corridor-user', secret: 'S3cret/with+chars=&', token: 'cf-token-123', keyId: 'LTAI5tTestKeyId', secretId: 'AKIDtestSecretId' };

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

/** Alibaba's percent-encoding rule, byte by byte: only A-Z a-z 0-9 - _ . ~ stay as they are. */
function aliEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

type Handler = (req: IncomingMessage, raw: string, fake: FakeProvider) => Promise<{ status: number; body: string }>;

const handlers: Record<FakeProvider['kind'], Handler> = {
  // https://help.dyn.com/remote-access-api/perform-update/
  async dyndns2(req, _raw, f) {
    const u = new URL(req.url!, 'http://x');
    if (u.pathname !== '/nic/update') return { status: 404, body: '' };
    if (req.headers.authorization !== `Basic ${Buffer.from(`${CREDS.user}:${CREDS.secret}`).toString('base64')}`) return (f.rejected++, { status: 401, body: 'badauth' });
    if (!req.headers['user-agent']?.startsWith('Corridor-')) return { status: 200, body: 'badagent' };
    const host = u.searchParams.get('hostname') ?? '';
    const ip = u.searchParams.get('myip') ?? '';
    if (!host.endsWith('.corridor.test')) return { status: 200, body: 'nohost' };
    if (f.records.get(host) === ip) return { status: 200, body: `nochg ${ip}` };
    f.records.set(host, ip);
    f.updates++;
    return { status: 200, body: `good ${ip}` };
  },
  noip: (req, raw, f) => handlers.dyndns2(req, raw, f),
  // https://www.duckdns.org/spec.jsp
  async duckdns(req, _raw, f) {
    const u = new URL(req.url!, 'http://x');
    if (u.pathname !== '/update' || u.searchParams.get('token') !== CREDS.token) return (f.rejected++, { status: 200, body: 'KO' });
    f.records.set(`${u.searchParams.get('domains')}.duckdns.org`, u.searchParams.get('ip') ?? '');
    f.updates++;
    return { status: 200, body: 'OK' };
  },
  // https://developers.cloudflare.com/api/resources/dns/subresources/records/
  async cloudflare(req, raw, f) {
    const ok = (result: unknown) => ({ status: 200, body: JSON.stringify({ success: true, errors: [], messages: [], result }) });
    if (req.headers.authorization !== `Bearer ${CREDS.token}`) return (f.rejected++, { status: 403, body: JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] }) });
    const u = new URL(req.url!, 'http://x');
    if (req.method === 'GET' && u.pathname === '/client/v4/zones') return ok(u.searchParams.get('name') === 'corridor.test' ? [{ id: 'zone0123', name: 'corridor.test' }] : []);
    if (req.method === 'GET' && u.pathname === '/client/v4/zones/zone0123/dns_records') {
      const name = u.searchParams.get('name')!;
      const content = f.records.get(name);
      return ok(content ? [{ id: `rec${Buffer.from(name).toString('hex')}`, type: u.searchParams.get('type'), name, content }] : []);
    }
    const m = /^\/client\/v4\/zones\/zone0123\/dns_records(?:\/rec([0-9a-f]+))?$/.exec(u.pathname);
    if (m && (req.method === 'PATCH' || req.method === 'POST')) {
      const b = JSON.parse(raw) as { content: string; name?: string };
      const name = m[1] ? Buffer.from(m[1], 'hex').toString() : b.name!;
      f.records.set(name, b.content);
      f.updates++;
      return ok({ id: `rec${Buffer.from(name).toString('hex')}`, name, content: b.content });
    }
    return { status: 404, body: JSON.stringify({ success: false, errors: [{ code: 7003, message: 'No route' }] }) };
  },
  // https://help.aliyun.com/document_detail/29747.html (signature v1), 29776 (UpdateDomainRecord)
  async alidns(req, _raw, f) {
    const query = req.url!.split('?')[1] ?? '';
    const params = new Map(query.split('&').map((kv) => kv.split('=').map((x) => decodeURIComponent(x)) as [string, string]));
    const given = params.get('Signature');
    params.delete('Signature');
    const canonical = [...params.keys()].sort().map((k) => `${aliEncode(k)}=${aliEncode(params.get(k)!)}`).join('&');
    const expected = createHmac('sha1', `${CREDS.secret}&`).update(`GET&%2F&${aliEncode(canonical)}`).digest('base64');
    const fresh = Math.abs(Date.parse(params.get('Timestamp') ?? '') - Date.now()) < 15 * 60_000;
    if (params.get('AccessKeyId') !== CREDS.keyId || given !== expected || !fresh || params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0') {
      f.rejected++;
      return { status: 400, body: JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }) };
    }
    const action = params.get('Action');
    if (action === 'DescribeSubDomainRecords') {
      const name = params.get('SubDomain')!;
      const v = f.records.get(name);
      return { status: 200, body: JSON.stringify({ TotalCount: v ? 1 : 0, DomainRecords: { Record: v ? [{ RecordId: `9${name.length}`, RR: name.split('.')[0], Type: 'A', Value: v, DomainName: 'corridor.test' }] : [] } }) };
    }
    if (action === 'UpdateDomainRecord' || action === 'AddDomainRecord') {
      const name = `${params.get('RR')}.corridor.test`;
      if (f.records.get(name) === params.get('Value')) return { status: 400, body: JSON.stringify({ Code: 'DomainRecordDuplicate', Message: 'The DNS record already exists.' }) };
      f.records.set(name, params.get('Value')!);
      f.updates++;
      return { status: 200, body: JSON.stringify({ RequestId: 'r1', RecordId: `9${name.length}` }) };
    }
    return { status: 400, body: JSON.stringify({ Code: 'InvalidAction', Message: action }) };
  },
  // https://cloud.tencent.com/document/api/1427/56189 (TC3-HMAC-SHA256), 56157 (ModifyDynamicDNS)
  async dnspod(req, raw, f) {
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/dnspod\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
    const ts = Number(req.headers['x-tc-timestamp']);
    const fail = (code: string) => (f.rejected++, { status: 200, body: JSON.stringify({ Response: { Error: { Code: code, Message: 'signature' }, RequestId: 'r' } }) });
    if (!m || m[1] !== CREDS.secretId || !Number.isFinite(ts) || Math.abs(ts * 1000 - Date.now()) > 300_000) return fail('AuthFailure.SignatureExpire');
    const date = m[2]!;
    if (new Date(ts * 1000).toISOString().slice(0, 10) !== date) return fail('AuthFailure.SignatureFailure');
    const signed = m[3]!.split(';');
    const canonHeaders = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim().toLowerCase()}\n`).join('');
    const canonical = `POST\n/\n\n${canonHeaders}\n${m[3]}\n${createHash('sha256').update(raw).digest('hex')}`;
    const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/dnspod/tc3_request\n${createHash('sha256').update(canonical).digest('hex')}`;
    const kDate = createHmac('sha256', `TC3${CREDS.secret}`).update(date).digest();
    const kService = createHmac('sha256', kDate).update('dnspod').digest();
    const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
    if (!signed.includes('host') || createHmac('sha256', kSigning).update(toSign).digest('hex') !== m[4]) return fail('AuthFailure.SignatureFailure');
    const b = JSON.parse(raw) as Record<string, string>;
    const name = `${b.Subdomain ?? b.SubDomain}.${b.Domain}`;
    const action = req.headers['x-tc-action'];
    if (action === 'DescribeRecordList') {
      const v = f.records.get(name);
      if (!v) return { status: 200, body: JSON.stringify({ Response: { Error: { Code: 'ResourceNotFound.NoDataOfRecord', Message: 'none' }, RequestId: 'r' } }) };
      return { status: 200, body: JSON.stringify({ Response: { RecordCountInfo: { TotalCount: 1 }, RecordList: [{ RecordId: 42, Name: b.Subdomain, Type: 'A', Value: v, Line: '默认' }], RequestId: 'r' } }) };
    }
    if (action === 'ModifyDynamicDNS' || action === 'CreateRecord') {
      f.records.set(name, b.Value!);
      f.updates++;
      return { status: 200, body: JSON.stringify({ Response: { RecordId: 42, RequestId: 'r' } }) };
    }
    return { status: 200, body: JSON.stringify({ Response: { Error: { Code: 'InvalidAction', Message: String(action) }, RequestId: 'r' } }) };
  },
};

/** A fake provider of this kind on 127.0.0.1; its `url` is the API base the publisher is given in tests. */
export async function startFakeProvider(kind: FakeProvider['kind']): Promise<FakeProvider> {
  const fake: FakeProvider = { kind, url: '', records: new Map(), rejected: 0, updates: 0, down: false, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    void body(req).then(async (raw) => {
      const r = fake.down ? { status: 503, body: 'Service Unavailable' } : await handlers[kind](req, raw, fake);
      res.writeHead(r.status, { 'content-type': r.body.startsWith('{') ? 'application/json' : 'text/plain' }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.url = kind === 'cloudflare' ? `http://127.0.0.1:${port}/client/v4/` : `http://127.0.0.1:${port}/`;
  fake.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return fake;
}

/** A provider of this kind on gateway hq's link wan1, with the credentials the fakes expect. */
export function providerFor(kind: FakeProvider['kind'], name: string, over: Partial<DdnsProviderWithSecret> = {}): DdnsProviderWithSecret {
  const base = { name, description: '', gateway: 'hq', wanLink: 'wan1', kind, priority: 0 } as const;
  switch (kind) {
    case 'dyndns2': case 'noip': return { ...base, hostname: `${name}.corridor.test`, username: CREDS.user, secret: CREDS.secret, ...over };
    case 'duckdns': return { ...base, hostname: `${name}.duckdns.org`, secret: CREDS.token, ...over };
    case 'cloudflare': return { ...base, hostname: `${name}.corridor.test`, zone: 'corridor.test', secret: CREDS.token, ...over };
    case 'alidns': return { ...base, hostname: `${name}.corridor.test`, zone: 'corridor.test', username: CREDS.keyId, secret: CREDS.secret, ...over };
    case 'dnspod': return { ...base, hostname: `${name}.corridor.test`, zone: 'corridor.test', username: CREDS.secretId, secret: CREDS.secret, ...over };
  }
}
