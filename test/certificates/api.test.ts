import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDaemon, Client } from '../support/daemon.js';

function opensslVerify(dir: string, caPem: string, certPem: string, crlPem?: string): { ok: boolean; out: string } {
  writeFileSync(join(dir, 'ca.pem'), caPem);
  writeFileSync(join(dir, 'cert.pem'), certPem);
  const args = ['verify', '-CAfile', join(dir, 'ca.pem')];
  if (crlPem) {
    writeFileSync(join(dir, 'crl.pem'), crlPem);
    args.push('-crl_check', '-CRLfile', join(dir, 'crl.pem'));
  }
  try {
    return { ok: true, out: execFileSync('openssl', [...args, join(dir, 'cert.pem')], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { ok: false, out: String((e as { stdout?: string }).stdout) + String((e as { stderr?: string }).stderr) };
  }
}

test('CA, issuance, revocation with CRL, inspection and key secrecy through the API', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const dir = mkdtempSync(join(tmpdir(), 'corridor-pki-api-'));

  const ca = await c.req('POST', '/api/pki/cas', { name: 'hq', subject: { CN: 'HQ CA', O: 'Example' } });
  assert.equal(ca.status, 201, ca.text);
  assert.equal(ca.json.keyType, 'ec-p256');
  const srv = await c.req('POST', '/api/pki/certificates', { name: 'vpn-server', ca: 'hq', kind: 'server', cn: 'vpn.example.com', ips: ['198.18.0.1'] });
  assert.equal(srv.status, 201, srv.text);
  const cli = await c.req('POST', '/api/pki/certificates', { name: 'alice', ca: 'hq', kind: 'client', username: 'alice' });
  assert.equal(cli.status, 201);
  const caPem = (await c.req('GET', '/api/pki/cas/hq/certificate')).text;
  const alice = await c.req('GET', '/api/pki/certificates/alice');
  assert.ok(opensslVerify(dir, caPem, alice.json.certPem).ok);
  assert.ok(!JSON.stringify(alice.json).includes('PRIVATE KEY'), 'the API never returns a private key');
  const rows = JSON.stringify(await d.store.db.selectFrom('certificates').selectAll().execute()) + JSON.stringify(await d.store.db.selectFrom('cas').selectAll().execute());
  assert.ok(!rows.includes('PRIVATE KEY'), 'keys are sealed at rest');

  const rev = await c.req('POST', '/api/pki/certificates/alice/revoke', { reason: 'keyCompromise' });
  assert.equal(rev.status, 200);
  assert.ok(rev.json.revokedAt);
  const crl = (await c.req('GET', '/api/pki/crl/hq')).text;
  const v = opensslVerify(dir, caPem, alice.json.certPem, crl);
  assert.equal(v.ok, false);
  assert.match(v.out, /revoked/);

  const insp = await c.req('POST', '/api/pki/inspect', { files: [{ name: 'alice.crt', data: alice.json.certPem }], ca: 'hq' });
  assert.equal(insp.status, 200);
  assert.ok(insp.json.problems.some((p: { code: string }) => p.code === 'cert/revoked'));

  const bad = await c.req('POST', '/api/pki/certificates', { name: 'x', ca: 'hq', kind: 'ike' });
  assert.equal(bad.status, 400);
  assert.ok(bad.json.issues.some((i: { path: string }) => i.path === 'identity'));
  const garbage = await c.req('POST', '/api/pki/inspect', { files: [{ name: 'junk.pem', data: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' }] });
  assert.equal(garbage.status, 200);
  assert.equal(garbage.json.errors[0].input, 'junk.pem');
  const noImport = await c.req('POST', '/api/pki/import-easyrsa', { dir: join(dir, 'missing'), ca: 'old' });
  assert.equal(noImport.status, 400);
  assert.equal((await c.req('GET', '/api/pki/cas')).json.items.length, 1, 'a failed import changes nothing');
  const audit = await c.req('GET', '/api/audit?resource=certificate&name=alice');
  assert.deepEqual(audit.json.items.map((a: { action: string }) => a.action), ['revoke', 'issue']);
});
