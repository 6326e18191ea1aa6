import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MasterKey } from '../secrets/master-key.js';
import { createCa, loadCa } from './ca.js';
import { issueClient } from './issue.js';
import { openKeyPem, sealMaterial } from './sealing.js';

test('sealed CA key opens only with its context and still signs', async () => {
  const mk = MasterKey.generate();
  const ca = await createCa({ subject: { CN: 'Sealed CA' } });
  const stored = sealMaterial(mk, ca, 'ca:hq');
  assert.equal('keyPem' in stored, false);
  assert.doesNotMatch(stored.keySealed, /PRIVATE KEY/);
  assert.throws(() => openKeyPem(mk, stored.keySealed, 'ca:branch'));
  const keyPem = openKeyPem(mk, stored.keySealed, 'ca:hq');
  assert.equal(keyPem, ca.keyPem);
  const client = await issueClient({ ca: await loadCa({ certPem: stored.certPem, keyPem }), username: 'u' });
  assert.match(client.certPem, /BEGIN CERTIFICATE/);
});
