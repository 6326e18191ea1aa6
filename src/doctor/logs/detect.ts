import type { Engine } from './types.js';

/*
 * Engine detection by content, on a sample from the start of the file. Each engine has lines it
 * prints often and others never print; the engine with most such lines wins.
 */
const MARKERS: ReadonlyArray<readonly [Exclude<Engine, 'generic'>, RegExp]> = [
  ['strongswan', /\d{2}\[(?:IKE|CFG|NET|ENC|KNL|LIB|DMN|JOB|CHD|ESP|MGR|ASN|IMC|TLS)\]|charon|swanctl|IKE_SA|CHILD_SA|ipsec_starter/g],
  ['openvpn', /OpenVPN \d|Initialization Sequence|TLS: Initial packet|PUSH_REPLY|PUSH_REQUEST|VERIFY (?:OK|ERROR)|SIG(?:USR1|TERM)\[|TLS Error|\[AF_INET6?\]|Options error|openvpn\[/g],
  ['wireguard', /peer\([A-Za-z0-9+/=]{4}…[A-Za-z0-9+/=]{4}\)|wireguard|[Hh]andshake (?:initiation|response)|UAPI|\(wg\d+\)|Keypair \d+/g],
  ['pppd', /pppd\[|pptpd\[|pptp\[|LCP|CHAP|MPPE|GREv1|\/dev\/ppp|CTRL: /g],
  ['windows', /RasClient|RasMan|Remote Access|dialed a connection|(?:Error|错误) ?\d{3}\b|拨号|VPN 连接|远程访问/g],
];

export const DETECT_SAMPLE_CHARS = 64 * 1024;

export function detectEngine(sample: string): Engine | 'unknown' {
  let best: Engine | 'unknown' = 'unknown';
  let bestCount = 0;
  for (const [engine, re] of MARKERS) {
    re.lastIndex = 0;
    let n = 0;
    while (re.exec(sample) !== null && n < 10_000) n++;
    if (n > bestCount) {
      best = engine;
      bestCount = n;
    }
  }
  return best;
}
