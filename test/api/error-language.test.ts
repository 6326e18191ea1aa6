/** Validation errors of the API in the request's language (Accept-Language, else the admin's setting). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDaemon, Client } from '../support/daemon.js';

test('validation errors follow Accept-Language, else the administrator\'s language setting', async (t) => {
  const d = await testDaemon(t);
  const token = readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim();
  const api = new Client(d.url, token);
  const bad = { name: 'Branch One', addresses: ['not an address!'] };

  const en = await api.req('POST', '/api/peers', bad);
  assert.equal(en.status, 400);
  assert.deepEqual(en.json.issues.map((i: { path: string }) => i.path).sort(), ['addresses.0', 'name']);
  assert.match(en.json.issues.find((i: { path: string }) => i.path === 'name').message, /^lower-case letters/);

  const zh = await api.req('POST', '/api/peers', bad, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
  assert.equal(zh.status, 400);
  assert.equal(zh.json.error, 'validation');
  assert.equal(zh.json.issues.find((i: { path: string }) => i.path === 'name').message, '只能用小写字母、数字和中间的连字符（例如 "branch-shanghai"）');
  assert.equal(zh.json.issues.find((i: { path: string }) => i.path === 'addresses.0').message, '必须是 IP 地址或 DNS 名称');
  assert.match(zh.json.message, /^输入无效：/);

  // no Accept-Language (the CLI): the token's administrator chose Chinese
  assert.equal((await api.req('PUT', '/api/auth/me/lang', { lang: 'zh-CN' })).status, 200);
  const byAdmin = await api.req('POST', '/api/peers', bad);
  assert.equal(byAdmin.json.issues.find((i: { path: string }) => i.path === 'addresses.0').message, '必须是 IP 地址或 DNS 名称');
  const askedEnglish = await api.req('POST', '/api/peers', bad, { 'accept-language': 'en' });
  assert.match(askedEnglish.json.issues.find((i: { path: string }) => i.path === 'addresses.0').message, /^must be an IP address/);
});
