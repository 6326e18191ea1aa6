/**
 * DNSPod through Tencent Cloud API 3.0 (version 2021-03-23), the documented API since the legacy
 * dnsapi.cn one was retired: POST / with a JSON body, signed TC3-HMAC-SHA256 over content-type and host.
 * Signature: https://cloud.tencent.com/document/api/1427/56189 ; DescribeRecordList finds the record id
 * (https://cloud.tencent.com/document/api/1427/56166), ModifyDynamicDNS sets the address
 * (https://cloud.tencent.com/document/api/1427/56157). Errors answer `{ Response: { Error: { Code, Message } } }`.
 */
import { createHash, createHmac } from 'node:crypto';
import { DdnsError, needField, needSecret, recordType, relativeName, request, type DdnsProtocol, type PublishContext } from '../types.js';

const SERVICE = 'dnspod';
const CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/** The Authorization header of one request (TC3-HMAC-SHA256 over content-type and host). */
export function tc3Authorization(o: { secretId: string; secretKey: string; host: string; body: string; timestamp: number }): string {
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = ['POST', '/', '', `content-type:${CONTENT_TYPE}`, `host:${o.host}`, '', 'content-type;host', sha256hex(o.body)].join('\n');
  const scope = `${date}/${SERVICE}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(o.timestamp), scope, sha256hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${o.secretKey}`, date), SERVICE), 'tc3_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${o.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

interface TcAnswer {
  Response?: { Error?: { Code?: string; Message?: string }; RecordList?: Array<{ RecordId: number; Value: string; Line: string }>; RecordId?: number };
}

async function call(ctx: PublishContext, action: string, args: Record<string, unknown>): Promise<NonNullable<TcAnswer['Response']>> {
  const p = ctx.provider;
  const url = new URL(ctx.baseUrl);
  const body = JSON.stringify(args);
  const timestamp = Math.floor(Date.now() / 1000);
  const authorization = tc3Authorization({ secretId: needField(p, 'username'), secretKey: needSecret(p), host: url.host, body, timestamp });
  const res = await request(ctx, url, {
    method: 'POST', body,
    headers: { authorization, 'content-type': CONTENT_TYPE, 'x-tc-action': action, 'x-tc-timestamp': String(timestamp), 'x-tc-version': '2021-03-23' },
  });
  const answer = ((await res.json().catch(() => ({}))) as TcAnswer).Response;
  if (!res.ok || !answer) throw new DdnsError(`http-${res.status}`, `DNSPod answered HTTP ${res.status}`);
  const e = answer.Error;
  if (e) {
    const code = e.Code ?? 'error';
    if (code === 'ResourceNotFound.NoDataOfRecord') return {};
    throw new DdnsError(code.startsWith('AuthFailure') ? 'badauth' : code.slice(0, 60), `DNSPod answered ${code}${e.Message ? `: ${e.Message.slice(0, 120)}` : ''}`);
  }
  return answer;
}

async function publish(ctx: PublishContext) {
  const p = ctx.provider;
  const zone = needField(p, 'zone');
  const sub = relativeName(p.hostname, zone);
  const type = recordType(ctx.address);
  const list = await call(ctx, 'DescribeRecordList', { Domain: zone, Subdomain: sub, RecordType: type });
  const rec = list.RecordList?.[0];
  if (rec && rec.Value === ctx.address) return { changed: false };
  if (rec && type === 'A') {
    await call(ctx, 'ModifyDynamicDNS', { Domain: zone, SubDomain: sub, RecordId: rec.RecordId, RecordLine: rec.Line || '默认', Value: ctx.address });
  } else if (rec) {
    // ModifyDynamicDNS sets A records only; AAAA goes through ModifyRecord
    await call(ctx, 'ModifyRecord', { Domain: zone, SubDomain: sub, RecordId: rec.RecordId, RecordType: type, RecordLine: rec.Line || '默认', Value: ctx.address });
  } else {
    await call(ctx, 'CreateRecord', { Domain: zone, SubDomain: sub, RecordType: type, RecordLine: '默认', Value: ctx.address, TTL: 600 });
  }
  return { changed: true };
}

export const dnspod: DdnsProtocol = { defaultBaseUrl: 'https://dnspod.tencentcloudapi.com/', publish };
