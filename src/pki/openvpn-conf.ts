/**
 * Reads an existing OpenVPN server.conf into the settings Corridor migrates. Every directive ends up
 * somewhere: in the settings, in `managed` (known, and Corridor sets it itself), or in `warnings`
 * (unknown or not carried over) — nothing is dropped silently.
 */
import { ipToBigInt, isCidr, normaliseCidr } from '../core/ip.js';

export type FileOrInline = { path: string } | { inline: string };

export interface OpenVpnServerSettings {
  proto?: 'udp' | 'tcp';
  /** proto named udp6/tcp6 */
  ipv6Transport?: boolean;
  port?: number;
  local?: string;
  dev?: string;
  devType?: 'tun' | 'tap';
  topology?: 'net30' | 'p2p' | 'subnet';
  /** `server NETWORK NETMASK` as a CIDR */
  pool?: string;
  poolIpv6?: string;
  pushRoutes: string[];
  /** server-side `route` lines (networks behind clients, with iroute) */
  routes: string[];
  dnsServers: string[];
  searchDomains: string[];
  redirectGateway?: { flags: string[] };
  dataCiphers?: string[];
  cipher?: string;
  auth?: string;
  tlsCrypt?: FileOrInline;
  tlsAuth?: FileOrInline & { keyDirection?: number };
  ca?: FileOrInline;
  cert?: FileOrInline;
  key?: FileOrInline;
  crlVerify?: FileOrInline;
  dh?: FileOrInline;
  clientToClient: boolean;
  duplicateCn: boolean;
  maxClients?: number;
  keepalive?: { interval: number; timeout: number };
  management?: { unixPath: string } | { host: string; port: number };
  /** other pushed options, verbatim */
  otherPush: string[];
  /** directives understood and set by Corridor itself, listed so the import report can show them */
  managed: string[];
  warnings: string[];
}

/** Set by Corridor's own renderer; importing them would fight it. */
const MANAGED = new Set([
  'persist-key', 'persist-tun', 'user', 'group', 'status', 'status-version', 'log', 'log-append', 'verb', 'mute',
  'writepid', 'daemon', 'ifconfig-pool-persist', 'explicit-exit-notify', 'script-security', 'tls-server', 'mode',
  'key-direction', 'ncp-ciphers', 'tls-version-min', 'remote-cert-tls', 'ecdh-curve',
]);

const INLINE_TAGS = ['ca', 'cert', 'key', 'tls-crypt', 'tls-auth', 'crl-verify', 'dh', 'extra-certs', 'secret'];

/** OpenVPN's own tokenising: whitespace-separated, "double" and 'single' quotes, backslash escapes in double quotes. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    const c = line[i];
    // like OpenVPN: # or ; starting a token (outside quotes) starts a comment, as in "key server.key # secret"
    if (c === '#' || c === ';') break;
    let tok = '';
    if (c === '"' || c === "'") {
      i++;
      while (i < line.length && line[i] !== c) {
        if (c === '"' && line[i] === '\\' && i + 1 < line.length) i++;
        tok += line[i];
        i++;
      }
      i++;
    } else {
      while (i < line.length && !/\s/.test(line[i] ?? '')) tok += line[i++];
    }
    tokens.push(tok);
  }
  return tokens;
}

function maskToPrefix(mask: string): number | undefined {
  try {
    const { family, value } = ipToBigInt(mask);
    if (family !== 4) return undefined;
    const bits = value.toString(2).padStart(32, '0');
    return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
  } catch {
    return undefined;
  }
}

function toCidr(network: string | undefined, mask: string | undefined): string | undefined {
  if (!network || !mask) return undefined;
  const prefix = maskToPrefix(mask);
  const text = `${network}/${prefix}`;
  return prefix !== undefined && isCidr(text) ? normaliseCidr(text) : undefined;
}

export function parseOpenVpnServerConf(text: string): OpenVpnServerSettings {
  const s: OpenVpnServerSettings = {
    pushRoutes: [], routes: [], dnsServers: [], searchDomains: [], clientToClient: false, duplicateCn: false,
    otherPush: [], managed: [], warnings: [],
  };
  const lines = text.split(/\r?\n/);
  const fileOrInline = (args: string[], directive: string, lineNo: number): FileOrInline | undefined => {
    if (args[0] === '[inline]' || args.length === 0) return undefined; // filled by the <tag> block
    if (args[0] === undefined) s.warnings.push(`line ${lineNo}: ${directive} without a file`);
    return { path: args[0] as string };
  };
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const raw = lines[n] ?? '';
    const tag = /^\s*<([a-z0-9-]+)>\s*$/.exec(raw)?.[1];
    if (tag) {
      const end = lines.findIndex((l, j) => j > n && l.trim() === `</${tag}>`);
      if (end < 0) {
        s.warnings.push(`line ${lineNo}: <${tag}> is never closed; the rest of the file is ignored`);
        break;
      }
      const inline = { inline: lines.slice(n + 1, end).join('\n') + '\n' };
      if (!INLINE_TAGS.includes(tag)) s.warnings.push(`line ${lineNo}: inline <${tag}> block not imported`);
      else if (tag === 'tls-crypt') s.tlsCrypt = inline;
      else if (tag === 'tls-auth') s.tlsAuth = { ...inline, ...(s.tlsAuth && 'keyDirection' in s.tlsAuth ? { keyDirection: s.tlsAuth.keyDirection } : {}) };
      else if (tag === 'crl-verify') s.crlVerify = inline;
      else if (tag === 'ca' || tag === 'cert' || tag === 'key' || tag === 'dh') s[tag] = inline;
      else s.warnings.push(`line ${lineNo}: inline <${tag}> block not imported`);
      n = end;
      continue;
    }
    let tokens = tokenize(raw);
    // sample configs copied from blog posts carry "// note" remarks, which OpenVPN itself rejects
    const slash = tokens.findIndex((t) => t.startsWith('//'));
    if (slash >= 0) {
      s.warnings.push(`line ${lineNo}: "//" is not an OpenVPN comment (OpenVPN would refuse this line); the remark was ignored`);
      tokens = tokens.slice(0, slash);
    }
    const [directive, ...args] = tokens;
    if (!directive) continue;
    const bad = (why: string): void => void s.warnings.push(`line ${lineNo}: ${directive} ${args.join(' ')}: ${why}`);
    switch (directive) {
      case 'proto': {
        const p = args[0] ?? '';
        if (/^(udp|tcp)(4|6)?(-server)?$/.test(p)) {
          s.proto = p.startsWith('udp') ? 'udp' : 'tcp';
          if (p.includes('6')) s.ipv6Transport = true;
        } else bad('unknown protocol');
        break;
      }
      case 'port':
      case 'lport': {
        const port = Number(args[0]);
        if (Number.isInteger(port) && port > 0 && port < 65536) s.port = port;
        else bad('not a port');
        break;
      }
      case 'local':
        if (args[0]) s.local = args[0];
        break;
      case 'dev':
        s.dev = args[0] ?? '';
        if (!s.devType && /^(tun|tap)/.test(s.dev)) s.devType = s.dev.startsWith('tap') ? 'tap' : 'tun';
        break;
      case 'dev-type':
        if (args[0] === 'tun' || args[0] === 'tap') s.devType = args[0];
        else bad('unknown device type');
        break;
      case 'topology':
        if (args[0] === 'net30' || args[0] === 'p2p' || args[0] === 'subnet') s.topology = args[0];
        else bad('unknown topology');
        break;
      case 'server': {
        const cidr = toCidr(args[0], args[1]);
        if (cidr) s.pool = cidr;
        else bad('not a network and netmask');
        if (args.length > 2) bad(`option ${args.slice(2).join(' ')} not imported`);
        break;
      }
      case 'server-ipv6':
        if (args[0] && isCidr(args[0])) s.poolIpv6 = normaliseCidr(args[0]);
        else bad('not an IPv6 prefix');
        break;
      case 'route': {
        const cidr = toCidr(args[0], args[1] ?? '255.255.255.255');
        if (cidr) s.routes.push(cidr);
        else bad('not a network and netmask');
        break;
      }
      case 'push':
        parsePush(args[0] ?? '', s, bad);
        break;
      case 'data-ciphers':
        s.dataCiphers = (args[0] ?? '').split(':').filter(Boolean);
        break;
      case 'cipher':
        s.cipher = args[0] ?? '';
        break;
      case 'auth':
        s.auth = args[0] ?? '';
        break;
      case 'tls-crypt': {
        const v = fileOrInline(args, directive, lineNo);
        if (v) s.tlsCrypt = v;
        break;
      }
      case 'tls-auth': {
        const v = fileOrInline(args, directive, lineNo);
        const dir = args[1] !== undefined ? Number(args[1]) : undefined;
        s.tlsAuth = { ...(v ?? s.tlsAuth ?? { inline: '' }), ...(dir === 0 || dir === 1 ? { keyDirection: dir } : {}) };
        break;
      }
      case 'ca':
      case 'cert':
      case 'key':
      case 'dh': {
        const v = fileOrInline(args, directive, lineNo);
        if (v) s[directive] = v;
        break;
      }
      case 'crl-verify': {
        const v = fileOrInline(args, directive, lineNo);
        if (v) s.crlVerify = v;
        if (args[1] === 'dir') bad('a CRL directory: Corridor keeps one CRL file per CA');
        break;
      }
      case 'client-to-client':
        s.clientToClient = true;
        break;
      case 'duplicate-cn':
        s.duplicateCn = true;
        break;
      case 'max-clients': {
        const m = Number(args[0]);
        if (Number.isInteger(m) && m > 0) s.maxClients = m;
        else bad('not a positive number');
        break;
      }
      case 'keepalive': {
        const [interval, timeout] = args.map(Number);
        if (interval !== undefined && timeout !== undefined && interval > 0 && timeout > 0) s.keepalive = { interval, timeout };
        else bad('needs two positive numbers');
        break;
      }
      case 'management':
        if (args[1] === 'unix' && args[0]) s.management = { unixPath: args[0] };
        else if (args[0] && Number(args[1]) > 0) s.management = { host: args[0], port: Number(args[1]) };
        else bad('not "PATH unix" or "HOST PORT"');
        break;
      case 'comp-lzo':
      case 'compress':
        bad('compression is not carried over (VORACLE); clients must drop it too');
        break;
      default:
        if (MANAGED.has(directive)) s.managed.push(directive);
        else bad('not imported (unknown to Corridor)');
    }
  }
  return s;
}

function parsePush(option: string, s: OpenVpnServerSettings, bad: (why: string) => void): void {
  const [name, ...args] = tokenize(option);
  if (name === 'route') {
    const cidr = toCidr(args[0], args[1] ?? '255.255.255.255');
    if (cidr) s.pushRoutes.push(cidr);
    else bad('pushed route is not a network and netmask');
  } else if (name === 'dhcp-option' && args[0]?.toUpperCase() === 'DNS' && args[1]) {
    s.dnsServers.push(args[1]);
  } else if (name === 'dhcp-option' && (args[0]?.toUpperCase() === 'DOMAIN' || args[0]?.toUpperCase() === 'DOMAIN-SEARCH') && args[1]) {
    s.searchDomains.push(args[1]);
  } else if (name === 'redirect-gateway') {
    s.redirectGateway = { flags: args };
  } else {
    s.otherPush.push(option);
  }
}
