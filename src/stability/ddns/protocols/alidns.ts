/**
 * Alibaba Cloud DNS (云解析 DNS, API version 2015-01-09), RPC style with signature v1: every request carries
 * the common parameters; the signature is base64(HMAC-SHA1(AccessKeySecret + "&", "GET&%2F&" +
 * percentEncode(canonicalized sorted query))). Signature: https://help.aliyun.com/document_detail/29747.html
 * DescribeSubDomainRecords finds the record id, UpdateDomainRecord sets it (AddDomainRecord when absent):
 * https://help.aliyun.com/document_detail/29776.html . Errors answer `{ Code, Message }` with HTTP 4xx;
 * "DomainRecordDuplicate" means the record already holds the value.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { DdnsError, needField, needSecret, recordType, relativeName, request, type DdnsProtocol, type PublishContext } from '../types.js';

/** RFC 3986 unreserved characters stay; everything else is %XX, upper case (the API's rule, stricter than encodeURIComponent). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliSignature(params: Record<string, string>, secret: string, method = 'GET'): string {
  const canonical = Object.keys(params).sort().map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

interface AliAnswer {
  Code?: string;
  Message?: string;
  DomainRecords?: { Record?: Array<{ RecordId: string; RR: string; Type: string; Value: string }> };
}

async function call(ctx: PublishContext, action: string, args: Record<string, string>): Promise<AliAnswer> {
  const p = ctx.provider;
  const params: Record<string, string> = {
    Format: 'JSON', Version: '2015-01-09', AccessKeyId: needField(p, 'username'), SignatureMethod: 'HMAC-SHA1',
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), SignatureVersion: '1.0', SignatureNonce: randomUUID(),
    Action: action, ...args,
  };
  params.Signature = aliSignature(params, needSecret(p));
  const url = new URL(ctx.baseUrl);
  url.search = Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const res = await request(ctx, url);
  const body = (await res.json().catch(() => ({}))) as AliAnswer;
  if (!res.ok) {
    const code = body.Code ?? `http-${res.status}`;
    if (code === 'DomainRecordDuplicate') return body;
    const auth = /^(InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden|IncompleteSignature)/.test(code);
    throw new DdnsError(auth ? 'badauth' : code.slice(0, 60), `Alibaba Cloud DNS answered ${code}${body.Message ? `: ${body.Message.slice(0, 120)}` : ''}`);
  }
  return body;
}

async function publish(ctx: PublishContext) {
  const p = ctx.provider;
  const type = recordType(ctx.address);
  const rr = relativeName(p.hostname, needField(p, 'zone'));
  const found = await call(ctx, 'DescribeSubDomainRecords', { SubDomain: p.hostname, Type: type });
  const rec = found.DomainRecords?.Record?.[0];
  if (rec && rec.Value === ctx.address) return { changed: false };
  if (rec) await call(ctx, 'UpdateDomainRecord', { RecordId: rec.RecordId, RR: rr, Type: type, Value: ctx.address, TTL: '600' });
  else await call(ctx, 'AddDomainRecord', { DomainName: p.zone!, RR: rr, Type: type, Value: ctx.address, TTL: '600' });
  return { changed: true };
}

export const alidns: DdnsProtocol = { defaultBaseUrl: 'https://alidns.aliyuncs.com/', publish };
