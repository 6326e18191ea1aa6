/**
 * Kernel feature detection against a kernel the test describes: the probes' answers are injected, so
 * every feature is checked both ways (present and missing) whatever this machine's kernel offers.
 * test/net/host.test.ts runs the same detection against the real kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKernelFeatures, type KernelFeature, type KernelProbes, type KernelReport } from './kernel.js';
import { raServerSchema } from '../core/model/index.js';
import { openvpnDataPlane, renderServerConfig } from '../engines/openvpn/render/server-config.js';
import { checkDataPlanes } from '../doctor/checks/host.js';
import type { ExecOptions, ExecResult } from './exec.js';

const FEATURES: KernelFeature[] = ['xfrm', 'esp', 'wireguard', 'tun', 'ovpnDco', 'nftables', 'ppp', 'gre'];

/** What a kernel lacking the feature answers (the words of the development machines' kernels, engines-lab.md). */
const REFUSAL: Record<KernelFeature, string> = {
  xfrm: 'RTNETLINK answers: Protocol not supported',
  esp: 'RTNETLINK answers: Requested type not found',
  wireguard: 'Error: Unknown device type.',
  ovpnDco: 'Error: Unknown device type.',
  gre: 'Error: Unknown device type.',
  nftables: 'Error: Could not process rule: Operation not supported',
  tun: 'ENOENT',
  ppp: 'ENODEV',
};

interface FakeKernel {
  probes: KernelProbes;
  /** every command run, with the namespace option it was given */
  commands: Array<{ argv: string[]; namespace?: string | undefined }>;
}

function fakeKernel(has: ReadonlySet<KernelFeature>): FakeKernel {
  const commands: FakeKernel['commands'] = [];
  const ok: ExecResult = { code: 0, signal: null, stdout: '', stderr: '', timedOut: false };
  const answer = (feature: KernelFeature): ExecResult => (has.has(feature) ? ok : { ...ok, code: 2, stderr: `${REFUSAL[feature]}\n` });
  const featureOf = (argv: readonly string[]): KernelFeature | 'namespace' => {
    const line = argv.join(' ');
    if (/^ip netns (add|del) /.test(line)) return 'namespace';
    if (/ xfrm state list$/.test(line)) return 'xfrm';
    if (/ xfrm state add .* proto esp /.test(line)) return 'esp';
    if (/ link add \S+ type wireguard$/.test(line)) return 'wireguard';
    if (/ link add \S+ type ovpn-dco$/.test(line)) return 'ovpnDco';
    if (/ link add \S+ type gre /.test(line)) return 'gre';
    if (/^nft add table inet /.test(line)) return 'nftables';
    throw new Error(`unexpected probe: ${line}`);
  };
  return {
    commands,
    probes: {
      async exec(argv: readonly string[], opts: ExecOptions) {
        commands.push({ argv: [...argv], namespace: opts.namespace });
        const f = featureOf(argv);
        return f === 'namespace' ? ok : answer(f);
      },
      async openDevice(path: string) {
        const f: KernelFeature = path === '/dev/net/tun' ? 'tun' : path === '/dev/ppp' ? 'ppp' : (() => { throw new Error(`unexpected device ${path}`); })();
        if (!has.has(f)) throw Object.assign(new Error(`open ${path}`), { code: REFUSAL[f] });
      },
      release: () => '6.1.0-test',
    },
  };
}

test('a kernel with every feature: each is available, and the engines get the kernel data planes', async () => {
  const kernel = fakeKernel(new Set(FEATURES));
  const report = await detectKernelFeatures(kernel.probes);
  for (const f of FEATURES) {
    assert.equal(report.features[f].available, true, f);
    assert.match(report.features[f].evidence, /: ok$/, f);
  }
  assert.deepEqual(report.dataPlanes, { ipsec: 'kernel-xfrm', wireguard: 'kernel', openvpn: 'ovpn-dco' });
  assert.equal(report.kernel, '6.1.0-test');
});

test('a kernel with none: each is unavailable with the kernel\'s own words, and the engines fall back', async () => {
  const report = await detectKernelFeatures(fakeKernel(new Set()).probes);
  for (const f of FEATURES) {
    assert.equal(report.features[f].available, false, f);
    assert.ok(report.features[f].evidence.endsWith(`: ${REFUSAL[f]}`), `${f}: ${report.features[f].evidence}`);
  }
  assert.deepEqual(report.dataPlanes, { ipsec: 'kernel-libipsec', wireguard: 'wireguard-go', openvpn: 'none' });
});

test('each feature is read from its own probe: one missing feature is the only one reported missing', async () => {
  for (const missing of FEATURES) {
    const report = await detectKernelFeatures(fakeKernel(new Set(FEATURES.filter((f) => f !== missing))).probes);
    const absent = FEATURES.filter((f) => !report.features[f].available);
    assert.deepEqual(absent, [missing]);
  }
});

test('data planes: ESP needs XFRM too; OpenVPN takes tun when ovpn-dco is missing', async () => {
  const noEsp = await detectKernelFeatures(fakeKernel(new Set<KernelFeature>(['xfrm', 'tun', 'nftables'])).probes);
  assert.deepEqual(noEsp.dataPlanes, { ipsec: 'kernel-libipsec', wireguard: 'wireguard-go', openvpn: 'tun' });
  const noXfrm = await detectKernelFeatures(fakeKernel(new Set<KernelFeature>(['esp', 'wireguard'])).probes);
  assert.deepEqual(noXfrm.dataPlanes, { ipsec: 'kernel-libipsec', wireguard: 'kernel', openvpn: 'none' });
});

test('every probe runs inside one throwaway namespace, which is deleted afterwards', async () => {
  const kernel = fakeKernel(new Set<KernelFeature>(['xfrm']));
  await detectKernelFeatures(kernel.probes);
  const [first, ...rest] = kernel.commands;
  const last = rest.pop();
  const ns = first?.argv[3] ?? '';
  assert.match(ns, /^corridor-kprobe-/);
  assert.deepEqual(first?.argv, ['ip', 'netns', 'add', ns]);
  assert.deepEqual(last?.argv, ['ip', 'netns', 'del', ns]);
  assert.equal(rest.length, 6, 'xfrm, esp, wireguard, ovpn-dco, gre, nftables');
  for (const c of rest) assert.ok((c.argv[0] === 'ip' && c.argv[1] === '-n' && c.argv[2] === ns) || c.namespace === ns, c.argv.join(' '));
});

test('a probe that cannot run at all (nft not installed) is an unavailable feature; the namespace is still deleted', async () => {
  const kernel = fakeKernel(new Set(FEATURES));
  const run = kernel.probes.exec;
  kernel.probes.exec = (argv, opts) => (argv[0] === 'nft' ? Promise.reject(new Error('spawn nft ENOENT')) : run(argv, opts));
  const report = await detectKernelFeatures(kernel.probes);
  assert.deepEqual(report.features.nftables, { available: false, evidence: 'nft add table: spawn nft ENOENT' });
  assert.deepEqual(kernel.commands.at(-1)?.argv.slice(0, 3), ['ip', 'netns', 'del']);
});

test('the detected OpenVPN data plane is written into server.conf and named by the doctor', async () => {
  const server = raServerSchema.parse({ name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', tlsCrypt: false });
  const ctx = { runDir: '/run/corridor/openvpn-staff', caPath: '/p/ca.crt', certPath: '/p/s.crt', keyPath: '/p/s.key', mgmtSocket: '/run/corridor/openvpn-staff/mgmt.sock' };
  const world = { gateways: [], sites: [], servers: [server] };
  const confFor = (r: KernelReport) => renderServerConfig(server, { ...ctx, ...(openvpnDataPlane(r.dataPlanes.openvpn) ? { dataPlane: openvpnDataPlane(r.dataPlanes.openvpn)! } : {}) });

  const withDco = await detectKernelFeatures(fakeKernel(new Set(FEATURES)).probes);
  assert.doesNotMatch(confFor(withDco), /disable-dco/, 'DCO left on: OpenVPN 2.6 uses the module');
  assert.deepEqual(checkDataPlanes(withDco, world, 'en').map((f) => f.code), []);

  const tunOnly = await detectKernelFeatures(fakeKernel(new Set(FEATURES.filter((f) => f !== 'ovpnDco'))).probes);
  assert.match(confFor(tunOnly), /^disable-dco$/m, 'the userspace data channel, said explicitly');
  const findings = checkDataPlanes(tunOnly, world, 'en');
  assert.deepEqual(findings.map((f) => f.code), ['host/ovpn-dco-missing']);
  assert.match(findings[0]?.evidence[0]?.text ?? '', /ovpn-dco: Error: Unknown device type\./);

  const noTun = await detectKernelFeatures(fakeKernel(new Set()).probes);
  assert.doesNotMatch(confFor(noTun), /disable-dco/);
  assert.deepEqual(checkDataPlanes(noTun, world, 'en').map((f) => f.code), ['host/tun-unavailable']);
});
