import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pluginList, renderStrongswanConf } from './conf.js';
import { probeDataPlane } from './dataplane.js';
import { charonInstance, connectionOf } from './spec.js';
import { parseSettingsWithLines, sectionOf, valueOf, type SettingSection } from '../../../doctor/checks/mirror/settings-syntax.js';

test('kernel-libipsec comes before kernel-netlink only on the libipsec data plane', () => {
  const lib = pluginList('libipsec');
  assert.ok(lib.indexOf('kernel-libipsec') >= 0 && lib.indexOf('kernel-libipsec') < lib.indexOf('kernel-netlink'));
  assert.equal(pluginList('kernel').includes('kernel-libipsec'), false);
  assert.ok(pluginList('kernel').includes('kernel-netlink'));
});

test('strongswan.conf carries the fast retransmits, the socket in the run dir and the filelog settings', () => {
  const text = renderStrongswanConf({ runDir: '/run/corridor/charon-hq', dataPlane: 'libipsec', logGroups: { cfg: 2 } });
  for (const line of [
    'retransmit_tries = 2',
    'retransmit_timeout = 1.0',
    'retransmit_base = 1.40',
    'make_before_break = yes',
    'install_routes = yes',
    'block_threshold = 100',
    'path = /run/corridor/charon-hq/charon.log',
    'time_format = %b %e %T',
    'ike_name = yes',
    'flush_line = yes',
    'default = 1',
    'cfg = 2',
    'socket = unix:///run/corridor/charon-hq/charon.vici',
  ]) {
    assert.ok(text.includes(`${line}\n`), `missing: ${line}`);
  }
  assert.match(text, /load = .* kernel-libipsec kernel-netlink /);
});

test('a run directory with blanks and quotes is written as quoted strings that read back unchanged', () => {
  const runDir = `/srv/my data/it's "q" \\x/run/charon-hq`;
  // read back with the doctor's reader of charon's settings syntax (settings_lexer.l rules)
  const tree = parseSettingsWithLines(renderStrongswanConf({ runDir, dataPlane: 'kernel' }));
  const at = (path: string) => {
    const names = path.split('.');
    const last = names.pop()!;
    return valueOf(names.reduce<SettingSection | undefined>((s, n) => sectionOf(s, n), tree), last)?.value;
  };
  assert.equal(at('charon.filelog.corridor.path'), `${runDir}/charon.log`);
  assert.equal(at('charon.plugins.vici.socket'), `unix://${runDir}/charon.vici`);
  assert.equal(at('swanctl.socket'), `unix://${runDir}/charon.vici`);
});

test('unsafe values never reach the file', () => {
  assert.throws(() => renderStrongswanConf({ runDir: '/run/x }\ncharon {', dataPlane: 'kernel' }), /without control characters/);
  assert.throws(() => renderStrongswanConf({ runDir: 'run/x', dataPlane: 'kernel' }), /absolute path/);
  assert.throws(() => renderStrongswanConf({ runDir: `/${'d'.repeat(100)}/charon-hq`, dataPlane: 'kernel' }), /at most 107: use a shorter data directory/);
  assert.throws(() => renderStrongswanConf({ runDir: '/run/x', dataPlane: 'kernel', logLevel: 9 }), /log level/);
  assert.throws(() => renderStrongswanConf({ runDir: '/run/x', dataPlane: 'kernel', logGroups: { 'a b': 1 } }), /bad log group/);
  assert.throws(() => charonInstance({ gateway: '../etc', runRoot: '/run/c', dataPlane: 'kernel' }), /not usable in a path/);
});

test('the engine spec runs charon-systemd with its own STRONGSWAN_CONF in the namespace', () => {
  const inst = charonInstance({ gateway: 'hq', runRoot: '/run/corridor/', namespace: 'ns-hq', dataPlane: 'libipsec' });
  assert.equal(inst.id, 'charon-hq');
  assert.deepEqual(inst.spec.argv, ['/usr/sbin/charon-systemd']);
  assert.deepEqual(inst.spec.env, { STRONGSWAN_CONF: '/run/corridor/charon-hq/strongswan.conf' });
  assert.equal(inst.spec.namespace, 'ns-hq');
  assert.equal(inst.spec.logFile, '/run/corridor/charon-hq/charon.log');
  const other = charonInstance({ gateway: 'hq', runRoot: '/run/corridor', dataPlane: 'kernel' });
  assert.notEqual(inst.spec.fingerprint, other.spec.fingerprint);
});

test('connectionOf reads the IKE_SA name from filelog lines', () => {
  assert.equal(connectionOf('Nov 22 02:37:58 12[IKE] <s2s|1> IKE_SA s2s[1] established between'), 's2s');
  assert.equal(connectionOf('Nov 22 02:37:58 13[NET] <1> received packet: from 198.18.1.1[500]'), undefined);
  assert.equal(connectionOf('Nov 22 02:37:53 00[LIB] loaded plugins: charon-systemd random'), undefined);
});

test('the data plane probe answers on this machine and says why', async () => {
  const r = await probeDataPlane();
  assert.ok(r.dataPlane === 'kernel' || r.dataPlane === 'libipsec');
  assert.ok(r.evidence.length > 0);
});
