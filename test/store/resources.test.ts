import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, freshStore } from '../support/db.js';
import { ResourceStore } from '../../src/store/resources.js';
import { queryAudit } from '../../src/store/audit.js';
import { EventStore, EngineLogStore } from '../../src/store/events.js';
import { MasterKey } from '../../src/secrets/master-key.js';
import { CorridorError } from '../../src/core/errors.js';
import type { Store } from '../../src/store/db.js';

const admin = { name: 'admin', ip: '127.0.0.1' };

const gateway = { name: 'hq', lanSubnets: ['198.19.1.0/24'], wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.1.1' }] };
const peer = { name: 'branch', addresses: ['198.18.1.2'], vendor: 'strongswan' };
const site = { name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: 'lab-psk-0123456789', localSubnets: ['198.19.1.0/24'], remoteSubnets: ['198.19.2.0/24'] };

async function rejects(p: Promise<unknown>, status: number, paths: string[] = []): Promise<CorridorError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CorridorError, `expected CorridorError, got ${String(e)}`);
    assert.equal(e.status, status, e.message);
    for (const path of paths) assert.ok(e.issues.some((i) => i.path === path), `no issue for ${path}: ${JSON.stringify(e.issues)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

for (const backend of BACKENDS) {
  describe(`resource store on ${backend}`, () => {
    let store: Store;
    let rs: ResourceStore;
    const key = MasterKey.generate();

    before(async () => {
      store = await freshStore(backend);
      rs = new ResourceStore(store.db, key);
    });
    after(async () => store.close());

    test('creates, normalises, reads back and lists', async () => {
      const g = await rs.create('gateway', { ...gateway, lanSubnets: ['198.19.1.77/24'] }, admin);
      assert.deepEqual(g.lanSubnets, ['198.19.1.0/24'], 'CIDRs are normalised');
      await rs.create('peer', peer, admin);
      const s = await rs.create('site', site, admin);
      assert.equal(s.pskSet, true);
      assert.equal('psk' in s, false, 'the PSK is write-only');
      assert.equal((await rs.list('site')).length, 1);
      assert.equal((await rs.get('site', 'hq-branch')).gateway, 'hq');
    });

    test('secrets are sealed at rest and only opened for engines', async () => {
      const row = await store.db.selectFrom('sites').selectAll().where('name', '=', 'hq-branch').executeTakeFirstOrThrow();
      assert.ok(!row.spec.includes('lab-psk') && !(row.secrets ?? '').includes('lab-psk'));
      const full = await rs.getWithSecrets('site', 'hq-branch');
      assert.equal(full.psk, 'lab-psk-0123456789');
    });

    test('bad input names every bad field and changes nothing', async () => {
      const e = await rejects(
        rs.create('site', { ...site, name: 'Bad Name', localId: 'has space', ike: { proposals: ['aes256-nope-modp2048'] }, remoteSubnets: ['198.19.2.0/33'] }, admin),
        400,
        ['name', 'localId', 'ike.proposals.0', 'remoteSubnets.0'],
      );
      assert.match(e.message, /unknown keyword "nope"/);
      assert.equal((await rs.list('site')).length, 1);
    });

    test('cross-resource rules: pools must not overlap LANs or each other', async () => {
      await rejects(rs.create('server', { name: 'staff', gateway: 'hq', pool: '198.19.1.128/25' }, admin), 400, ['pool']);
      await rs.create('server', { name: 'staff', gateway: 'hq', pool: '198.19.99.0/24' }, admin);
      await rejects(rs.create('server', { name: 'staff2', gateway: 'hq', pool: '198.19.99.64/26', port: 1195 }, admin), 400, ['pool']);
      await rejects(rs.update('gateway', 'hq', { lanSubnets: ['198.19.1.0/24', '198.19.99.0/25'] }, admin, 'merge'), 400, ['lanSubnets.1']);
      await rejects(rs.create('site', { ...site, name: 'other', remoteSubnets: ['198.19.1.0/25'] }, admin), 400, ['remoteSubnets.0']);
      await rejects(rs.create('site', { ...site, name: 'ghost', gateway: 'nowhere' }, admin), 400, ['gateway']);
    });

    test('names are unique and immutable', async () => {
      await rejects(rs.create('peer', peer, admin), 409, ['name']);
      await rejects(rs.update('peer', 'branch', { ...peer, name: 'renamed' }, admin, 'replace'), 400, ['name']);
    });

    test('users: password hashed, groups must exist, static IP must be usable and unique', async () => {
      await rejects(rs.create('user', { username: 'alice', password: 'correct horse', groups: ['staff'] }, admin), 400, ['groups.0']);
      await rs.create('group', { name: 'staff' }, admin);
      const u = await rs.create('user', { username: 'alice', password: 'correct horse', groups: ['staff'], staticIp: '198.19.99.50' }, admin);
      assert.equal(u.passwordSet, true);
      const full = await rs.getWithSecrets('user', 'alice');
      assert.match(String(full.passwordHash), /^\$argon2id\$/);
      await rejects(rs.create('user', { username: 'bob', staticIp: '198.19.99.50' }, admin), 400, ['staticIp']);
      await rejects(rs.create('user', { username: 'bob', staticIp: '198.19.99.1' }, admin), 400, ['staticIp']);
      const members = await store.db.selectFrom('user_groups').selectAll().execute();
      assert.deepEqual(members, [{ username: 'alice', group_name: 'staff' }]);
    });

    test('delete refuses while referenced, then cleans up', async () => {
      await rejects(rs.delete('group', 'staff', admin), 409);
      await rejects(rs.delete('gateway', 'hq', admin), 409);
      await rs.update('user', 'alice', { groups: [] }, admin, 'merge');
      await rs.delete('group', 'staff', admin);
      await rejects(rs.get('group', 'staff'), 404);
    });

    test('a failure inside a transaction leaves nothing half-written', async () => {
      const before = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      // the user row would be written before its membership; the membership's foreign key fails inside the same transaction
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values({ name: 'half', spec: '{}', secrets: null, created_at: 'x', updated_at: 'x', version: 1 }).execute();
          await trx.insertInto('user_groups').values({ username: 'half', group_name: 'no-such-group' }).execute();
        }),
      );
      assert.equal(await store.db.selectFrom('users').select('name').where('name', '=', 'half').executeTakeFirst(), undefined);
      const afterCount = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    test('audit records who, what, before/after, secrets redacted', async () => {
      await rs.update('site', 'hq-branch', { psk: 'another-secret-psk' }, admin, 'merge');
      await rs.setSecret('site', 'hq-branch', 'psk', 'third-secret-psk!', admin);
      const rows = await queryAudit(store.db, { resourceType: 'site', resourceName: 'hq-branch' });
      assert.deepEqual(rows.map((r) => r.action), ['reset-psk', 'update', 'create']);
      assert.equal(rows[1]?.actor, 'admin');
      assert.equal(rows[1]?.after.psk, '[redacted]');
      const all = JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute());
      assert.ok(!/lab-psk|another-secret|third-secret|correct horse/.test(all), 'no secret in the audit log');
      assert.equal((await rs.getWithSecrets('site', 'hq-branch')).psk, 'third-secret-psk!');
    });

    test('events are stored in order, queryable and redacted', async () => {
      const ev = new EventStore(store.db);
      const seen: string[] = [];
      ev.subscribe((e) => seen.push(e.kind));
      ev.record({ kind: 'session.connect', source: 'openvpn:staff', subject: 'alice', detail: { tunnel: '198.19.99.50' } });
      ev.record({ kind: 'session.auth-failed', source: 'openvpn:staff', subject: 'alice', severity: 'warning', detail: { password: 'oops' } });
      await ev.drain();
      assert.deepEqual(seen, ['session.connect', 'session.auth-failed']);
      const got = await ev.query({ subject: 'alice', kind: 'session.' });
      assert.deepEqual(got.map((e) => e.kind), ['session.auth-failed', 'session.connect']);
      assert.equal(got[0]?.detail?.password, '[redacted]');
    });

    test('a WAN link that DDNS providers publish cannot be removed or renamed under them', async () => {
      const ddns = await rs.create('ddns', { name: 'hq-wan1', gateway: 'hq', wanLink: 'wan1', kind: 'duckdns', hostname: 'hq.example.org', endpoint: 'https://ddns.example.org/update', secret: 'ddns-token-1' }, admin);
      assert.equal(ddns.secretSet, true);
      assert.equal('secret' in ddns, false, 'the DDNS secret is write-only');
      await rejects(rs.update('gateway', 'hq', { wanLinks: [] }, admin, 'merge'), 400, ['wanLinks']);
      await rejects(rs.update('gateway', 'hq', { wanLinks: [{ name: 'wan9', interface: 'eth0' }] }, admin, 'merge'), 400, ['wanLinks']);
      const two = await rs.update('gateway', 'hq', { wanLinks: [{ name: 'wan1', interface: 'eth0' }, { name: 'wan2', interface: 'eth1', priority: 200 }] }, admin, 'merge');
      assert.deepEqual((two.wanLinks as Array<{ name: string }>).map((w) => w.name), ['wan1', 'wan2']);
      // a merge patch empties an optional field with null; the secret stays
      const cleared = await rs.update('ddns', 'hq-wan1', { endpoint: null, priority: null }, admin, 'merge');
      assert.equal('endpoint' in cleared, false);
      assert.equal(cleared.priority, 0, 'a field with a default returns to it');
      assert.equal((await rs.getWithSecrets('ddns', 'hq-wan1')).secret, 'ddns-token-1');
      await rs.delete('ddns', 'hq-wan1', admin);
      await rs.update('gateway', 'hq', { wanLinks: [{ name: 'wan2', interface: 'eth1' }] }, admin, 'merge');
    });

    test('engine log search treats % and _ in the text literally', async () => {
      const logs = new EngineLogStore(store.db);
      logs.append('charon-hq', 'loss 100% on tunnel_a', 'hq-branch');
      logs.append('charon-hq', 'loss 1000 on tunnelXa', 'hq-branch');
      assert.deepEqual((await logs.query({ contains: '100%' })).map((r) => r.line), ['loss 100% on tunnel_a']);
      assert.deepEqual((await logs.query({ contains: 'tunnel_a' })).map((r) => r.line), ['loss 100% on tunnel_a']);
      assert.equal((await logs.query({ connection: 'hq-branch' })).length, 2);
    });
  });
}
