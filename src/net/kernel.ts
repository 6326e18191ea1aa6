/**
 * Which data planes this kernel offers. Each answer comes from doing the thing in a throwaway network
 * namespace (create the link, add the XFRM state) rather than from module lists: /proc/crypto and
 * /sys/module only show what is loaded now, modprobe may not even be installed, and a built-in or
 * on-demand module is only found by asking the kernel to use it — which is what the engines will do.
 * The namespace is deleted afterwards; no packet is sent.
 */
import { open } from 'node:fs/promises';
import { release } from 'node:os';
import { exec } from './exec.js';
import type { ExecOptions, ExecResult } from './exec.js';

export type KernelFeature = 'xfrm' | 'esp' | 'wireguard' | 'tun' | 'ovpnDco' | 'nftables' | 'ppp' | 'gre';

export interface FeatureResult {
  available: boolean;
  /** what was tried and what the kernel answered */
  evidence: string;
}

export interface KernelReport {
  kernel: string;
  checkedAt: string;
  features: Record<KernelFeature, FeatureResult>;
  /** the data plane each engine will end up on */
  dataPlanes: {
    ipsec: 'kernel-xfrm' | 'kernel-libipsec';
    wireguard: 'kernel' | 'wireguard-go';
    openvpn: 'ovpn-dco' | 'tun' | 'none';
  };
}

let probeCounter = 0;

/**
 * How the detection asks the host: commands (in the throwaway namespace or to create and delete it),
 * device opens and the kernel release. The daemon uses HOST_PROBES; tests answer for the kernel to check
 * both answers of every feature.
 */
export interface KernelProbes {
  exec(argv: readonly string[], opts: ExecOptions): Promise<ExecResult>;
  /** opens the device read-write and closes it; rejects with the errno when the kernel refuses */
  openDevice(path: string): Promise<void>;
  release(): string;
}

export const HOST_PROBES: KernelProbes = {
  exec,
  openDevice: async (path) => {
    const fh = await open(path, 'r+');
    await fh.close();
  },
  release,
};

function outcome(what: string, r: ExecResult): FeatureResult {
  const said = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  return { available: r.code === 0, evidence: `${what}: ${r.code === 0 ? 'ok' : said || `exit ${String(r.code)}`}` };
}

async function deviceOpens(probes: KernelProbes, path: string): Promise<FeatureResult> {
  try {
    await probes.openDevice(path);
    return { available: true, evidence: `open ${path}: ok` };
  } catch (e) {
    return { available: false, evidence: `open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}

/** Runs every probe once; prefer KernelFeatures.get(), which caches. */
export async function detectKernelFeatures(probes: KernelProbes = HOST_PROBES): Promise<KernelReport> {
  const ns = `corridor-kprobe-${process.pid}-${++probeCounter}`;
  const add = await probes.exec(['ip', 'netns', 'add', ns], { timeoutMs: 10_000 });
  if (add.code !== 0) throw new Error(`cannot create probe namespace ${ns}: ${add.stderr.trim()}`);
  try {
    const ip = (args: string[]): Promise<ExecResult> => probes.exec(['ip', '-n', ns, ...args], { timeoutMs: 10_000 });
    const xfrm = outcome('ip xfrm state list', await ip(['xfrm', 'state', 'list']));
    // any ESP state works: adding one makes the kernel load esp4 on demand, exactly as charon's would
    const esp = outcome(
      'ip xfrm state add proto esp (cbc(aes)/hmac(sha256))',
      await ip([
        'xfrm', 'state', 'add', 'src', '198.18.255.1', 'dst', '198.18.255.2', 'proto', 'esp', 'spi', '0x100', 'mode', 'tunnel',
        'enc', 'cbc(aes)', '0x000102030405060708090a0b0c0d0e0f',
        'auth', 'hmac(sha256)', '0x000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f',
      ]),
    );
    const wireguard = outcome('ip link add type wireguard', await ip(['link', 'add', 'kpwg', 'type', 'wireguard']));
    // OpenVPN 2.6 speaks to the out-of-tree ovpn-dco-v2 module; the mainline "ovpn" driver needs OpenVPN 2.7
    const ovpnDco = outcome('ip link add type ovpn-dco', await ip(['link', 'add', 'kpdco', 'type', 'ovpn-dco']));
    const gre = outcome('ip link add type gre', await ip(['link', 'add', 'kpgre', 'type', 'gre', 'local', '198.18.255.1', 'remote', '198.18.255.2']));
    const nftables = outcome(
      'nft add table',
      await probes.exec(['nft', 'add', 'table', 'inet', 'corridor_probe'], { namespace: ns, timeoutMs: 10_000 }).catch(
        (e: Error): ExecResult => ({ code: 127, signal: null, stdout: '', stderr: e.message, timedOut: false }),
      ),
    );
    const [tun, ppp] = await Promise.all([deviceOpens(probes, '/dev/net/tun'), deviceOpens(probes, '/dev/ppp')]);
    const features = { xfrm, esp, wireguard, tun, ovpnDco, nftables, ppp, gre };
    return {
      kernel: probes.release(),
      checkedAt: new Date().toISOString(),
      features,
      dataPlanes: {
        ipsec: xfrm.available && esp.available ? 'kernel-xfrm' : 'kernel-libipsec',
        wireguard: wireguard.available ? 'kernel' : 'wireguard-go',
        openvpn: ovpnDco.available ? 'ovpn-dco' : tun.available ? 'tun' : 'none',
      },
    };
  } finally {
    await probes.exec(['ip', 'netns', 'del', ns], { timeoutMs: 10_000 });
  }
}

/** The kernel does not change under a running daemon (modules aside), so one detection is kept. */
export class KernelFeatures {
  private report: Promise<KernelReport> | undefined;

  get(opts: { refresh?: boolean } = {}): Promise<KernelReport> {
    if (opts.refresh || !this.report) {
      const next = detectKernelFeatures();
      this.report = next;
      next.catch(() => {
        if (this.report === next) this.report = undefined;
      });
    }
    return this.report;
  }
}
