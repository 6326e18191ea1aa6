/**
 * strongswan.conf for one charon per gateway. Pure: same input, same text (the fingerprint of the
 * engine spec depends on it). Everything instance-specific lives in the instance's run directory.
 */
import type { DataPlane } from './dataplane.js';
import { quoteConfString } from '../config/export/swanctl-render.js';

export interface RetransmitSettings {
  tries: number;
  /** seconds */
  timeout: number;
  base: number;
}

/**
 * Fast preset: first DPD probe + 1 + 1.4 + 1.96 s of retransmits ≈ 4.4 s; with dpd_delay 2 s a dead
 * peer is declared within ≈ 6.4 s (engines-lab §4.7), inside the 10 s promise. Global per charon,
 * which is why one charon serves one gateway.
 */
export const FAST_RETRANSMIT: RetransmitSettings = { tries: 2, timeout: 1.0, base: 1.4 };

export interface CharonConfOptions {
  runDir: string;
  dataPlane: DataPlane;
  retransmit?: RetransmitSettings;
  /** filelog default level; 1 is enough for events, 2 adds detail the doctor can use */
  logLevel?: number;
  /** per-subsystem levels, e.g. { cfg: 2 } */
  logGroups?: Readonly<Record<string, number>>;
  /** charon's worker threads; default 16 */
  threads?: number;
}

export interface CharonPaths {
  conf: string;
  vici: string;
  log: string;
}

export function charonPaths(runDir: string): CharonPaths {
  return { conf: `${runDir}/strongswan.conf`, vici: `${runDir}/charon.vici`, log: `${runDir}/charon.log` };
}

const COMMON_PLUGINS = [
  'random', 'nonce', 'openssl', 'pem', 'pkcs1', 'pkcs8', 'x509', 'revocation', 'constraints', 'pubkey',
  'curve25519', 'sha1', 'sha2', 'hmac', 'aes', 'gcm', 'kdf',
];

/** kernel-libipsec must come before kernel-netlink, which then only handles routes and addresses. */
export function pluginList(dataPlane: DataPlane): string[] {
  const kernel = dataPlane === 'libipsec' ? ['kernel-libipsec', 'kernel-netlink'] : ['kernel-netlink'];
  return [...COMMON_PLUGINS, ...kernel, 'socket-default', 'vici', 'updown'];
}

const PLAIN_PATH = /^\/[A-Za-z0-9._/-]+$/;

/**
 * A path as a settings value: bare when plain (the text every existing install already has, so its engine
 * fingerprint and charon stay as they are), else quoted so blanks and quotes in a data directory survive.
 */
function pathValue(path: string, prefix = ''): string {
  return PLAIN_PATH.test(path) ? `${prefix}${path}` : quoteConfString(`${prefix}${path}`);
}

/** sun_path holds 108 bytes with its NUL; charon's unix:// parser silently cuts a longer path. */
const MAX_SOCKET_PATH = 107;
const GROUP = /^[a-z]{2,4}$/;

function intIn(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what} must be an integer ${min}..${max}: ${n}`);
  return n;
}

export function renderStrongswanConf(opts: CharonConfOptions): string {
  // blanks and quotes are fine: paths are written as quoted strings; a control character is not a path
  // anyone meant, and an unterminated line is how a directive would be injected
  if (!opts.runDir.startsWith('/') || /[\u0000-\u001f\u007f]/.test(opts.runDir)) {
    throw new Error(`run directory must be an absolute path without control characters: ${JSON.stringify(opts.runDir)}`);
  }
  const p = charonPaths(opts.runDir);
  if (Buffer.byteLength(p.vici) > MAX_SOCKET_PATH) {
    throw new Error(`VICI socket path ${p.vici} is ${Buffer.byteLength(p.vici)} bytes, a unix socket holds at most ${MAX_SOCKET_PATH}: use a shorter data directory`);
  }
  const rt = opts.retransmit ?? FAST_RETRANSMIT;
  intIn(rt.tries, 1, 10, 'retransmit tries');
  if (!(rt.timeout > 0 && rt.timeout <= 60 && rt.base >= 1 && rt.base <= 4)) throw new Error('retransmit timeout/base out of range');
  const level = intIn(opts.logLevel ?? 1, -1, 4, 'log level');
  const groups = Object.entries(opts.logGroups ?? {}).map(([g, l]) => {
    if (!GROUP.test(g)) throw new Error(`bad log group ${JSON.stringify(g)}`);
    return `      ${g} = ${intIn(l, -1, 4, `log level of ${g}`)}`;
  });
  return [
    '# Written by Corridor for one charon instance; started with STRONGSWAN_CONF pointing here.',
    'charon {',
    `  load = ${pluginList(opts.dataPlane).join(' ')}`,
    `  threads = ${intIn(opts.threads ?? 16, 4, 256, 'threads')}`,
    `  retransmit_tries = ${rt.tries}`,
    `  retransmit_timeout = ${rt.timeout.toFixed(1)}`,
    `  retransmit_base = ${rt.base.toFixed(2)}`,
    '  install_routes = yes',
    '  # many site connections to one peer address come up at once after a restart; the default (5',
    '  # half-open IKE_SAs per peer IP) silently drops the rest until their retransmits give up',
    '  block_threshold = 100',
    '  # IKEv2 reauthentication builds the new IKE_SA before deleting the old: no traffic gap',
    '  make_before_break = yes',
    '  filelog {',
    '    corridor {',
    `      path = ${pathValue(p.log)}`,
    '      time_format = %b %e %T',
    '      ike_name = yes',
    '      append = yes',
    '      flush_line = yes',
    `      default = ${level}`,
    ...groups,
    '    }',
    '  }',
    '  plugins {',
    '    vici {',
    `      socket = ${pathValue(p.vici, 'unix://')}`,
    '    }',
    '  }',
    '}',
    '# swanctl run with the same STRONGSWAN_CONF finds this instance',
    'swanctl {',
    `  socket = ${pathValue(p.vici, 'unix://')}`,
    '}',
    '',
  ].join('\n');
}
