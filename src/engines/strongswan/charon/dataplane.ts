/**
 * Which ESP data plane charon uses. The probe adds a null-cipher ESP state in a throwaway network
 * namespace: the kernel answers "Requested type not found" when no ESP (esp4) is registered, which
 * is exactly what kernel-netlink would hit when installing an SA. `/proc/net/xfrm_stat` or
 * `ip xfrm state` only prove XFRM, not ESP (this VM has XFRM without ESP), and modprobe may be absent.
 */
import { execFile } from 'node:child_process';

/** kernel: XFRM/ESP in the kernel (kernel-netlink); libipsec: userspace ESP over TUN (kernel-libipsec). */
export type DataPlane = 'kernel' | 'libipsec';

export interface ProbeResult {
  dataPlane: DataPlane;
  /** what the kernel said, for status and the doctor */
  evidence: string;
}

function ip(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('ip', args, { timeout: 5000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() });
    });
  });
}

let cached: Promise<ProbeResult> | undefined;

export function probeDataPlane(): Promise<ProbeResult> {
  cached ??= (async () => {
    const ns = `corridor-esp-probe-${process.pid}`;
    const made = await ip(['netns', 'add', ns]);
    if (made.code !== 0) return { dataPlane: 'libipsec', evidence: `cannot create probe namespace: ${made.out}` };
    try {
      const res = await ip([
        '-n', ns, 'xfrm', 'state', 'add', 'src', '198.18.0.1', 'dst', '198.18.0.2', 'proto', 'esp', 'spi', '0x100',
        'mode', 'tunnel', 'enc', 'ecb(cipher_null)', '',
      ]);
      if (res.code === 0) return { dataPlane: 'kernel', evidence: 'kernel accepted an ESP state' };
      return { dataPlane: 'libipsec', evidence: `kernel refused an ESP state: ${res.out}` };
    } finally {
      await ip(['netns', 'del', ns]);
    }
  })();
  return cached;
}
