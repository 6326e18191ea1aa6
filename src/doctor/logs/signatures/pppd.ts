import type { Candidate, Signature } from '../types.js';

/*
 * pppd 2.4/2.5, pptpd/pptp and xl2tpd (syslog lines), plus the tcpdump view of seeds/003: LCP
 * Conf-Requests repeated inside GRE with nothing coming back means GRE is filtered on the path.
 * xl2tpd exit codes of pppd (`pppd exited for call N with code C`) are pppd's EXIT_* values:
 * 2 options error, 4 no kernel support, 11 peer failed to authenticate, 19 we failed to authenticate.
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });

export const PPPD: Signature[] = [
  // Knowing the link is PPTP turns "LCP timeout" into "GRE blocked" (the control channel on TCP 1723 worked).
  { id: 'ppp.ctx.pptp', engine: 'pppd', end: 'any', needles: ['CTRL: ', '<--> /dev/pts/', 'pptp['],
    re: /CTRL: |Connect: ppp\d+ <--> \/dev\/pts\/|pptp\[/, sets: { key: 'pptp', value: 'yes' } },
  { id: 'ppp.lcp-timeout', engine: 'pppd', end: 'any', needles: ['LCP: timeout sending Config-Requests'],
    re: /LCP: timeout sending Config-Requests/, group: 'ppp-lcp',
    byContext: { key: 'pptp', cases: { yes: [c('pppd/gre-blocked', 0.8), c('pppd/lcp-timeout', 0.6)] },
      otherwise: [c('pppd/lcp-timeout', 0.8), c('pppd/gre-blocked', 0.35)] } },
  { id: 'ppp.tcpdump.lcp-unanswered', engine: 'pppd', end: 'any', needles: ['LCP, Conf-Request'],
    re: /GREv1, call \d+, seq \d+.*LCP, Conf-Request/, hits: [c('pppd/gre-blocked', 0.3)], repeat: { step: 0.06, max: 0.8 }, group: 'ppp-lcp' },
  { id: 'ppp.chap.peer-failed', engine: 'pppd', end: 'server', needles: ['failed CHAP authentication'],
    re: /Peer .* failed CHAP authentication/, hits: [c('pppd/chap-auth-failed', 0.92), c('rras/691', 0.2)], group: 'ppp-auth', decisive: true },
  { id: 'ppp.chap.failed', engine: 'pppd', end: 'client', needles: ['CHAP authentication failed'],
    re: /CHAP authentication failed/, hits: [c('pppd/chap-auth-failed', 0.9)], group: 'ppp-auth' },
  { id: 'ppp.no-secret', engine: 'pppd', end: 'any', needles: ['No CHAP secret found', 'No secret found for', "couldn't find any suitable secret"],
    re: /No CHAP secret found for authenticating|No secret found for PAP login|but I couldn't find any suitable secret \(password\) for it to use/,
    hits: [c('pppd/no-chap-secret', 0.9)], group: 'ppp-auth', decisive: true },
  // Server side: the client rejected every authentication protocol; client side: the TermReq reason it got back.
  { id: 'ppp.auth-refused.server', engine: 'pppd', end: 'server', needles: ['peer refused to authenticate: terminating link'],
    re: /peer refused to authenticate: terminating link/, hits: [c('pppd/auth-refused', 0.9)], group: 'ppp-auth', decisive: true },
  { id: 'ppp.auth-refused.client', engine: 'pppd', end: 'client', needles: ['(peer refused to authenticate)'],
    re: /LCP terminated by peer \(peer refused to authenticate\)/, hits: [c('pppd/auth-refused', 0.85)], group: 'ppp-auth' },
  // ccp.c: the kernel lacks ppp_mppe; pppd then closes with the reason "MPPE required but not available", which is
  // also what the other end logs ("LCP terminated by peer (MPPE required but not available)").
  { id: 'ppp.mppe.kernel', engine: 'pppd', end: 'any', needles: ['MPPE required, but kernel has no support'],
    re: /MPPE required, but kernel has no support/, sets: { key: 'mppe', value: 'kernel' },
    hits: [c('host/engine-missing', 0.85), c('pppd/mppe-required', 0.6)], final: true },
  { id: 'ppp.mppe.not-available', engine: 'pppd', end: 'any', needles: ['MPPE required but not available'],
    re: /MPPE required but not available/, final: true,
    byContext: { key: 'mppe', cases: { kernel: [c('host/engine-missing', 0.85), c('pppd/mppe-required', 0.6)] },
      otherwise: [c('pppd/mppe-required', 0.9), c('host/engine-missing', 0.5)] } },
  { id: 'ppp.mppe', engine: 'pppd', end: 'any', needles: ['MPPE required'],
    re: /MPPE required(?: but|, but keys are not available|, but both 40-bit and 128-bit disabled)/, hits: [c('pppd/mppe-required', 0.92)] },
  // options.c: a plugin built for another pppd (pptpd's logwtmp after a ppp upgrade), or an option this pppd does not know.
  { id: 'ppp.options.plugin', engine: 'pppd', end: 'any', needles: ['is for pppd version'],
    re: /Plugin \S+ is for pppd version [0-9.]+, this is [0-9.]+/, hits: [c('pppd/options-error', 0.9)] },
  { id: 'ppp.options.unknown', engine: 'pppd', end: 'any', needles: ["unrecognized option '"],
    re: /In file \S+: unrecognized option '|pppd(?:\[\d+\])?: unrecognized option '/, hits: [c('pppd/options-error', 0.85)] },
  { id: 'ppp.xl2tpd.exit-options', engine: 'pppd', end: 'any', needles: ['pppd exited for call'],
    re: /pppd exited for call \d+ with code 2\b/, hits: [c('pppd/options-error', 0.6)] },
  { id: 'ppp.xl2tpd.exit-auth', engine: 'pppd', end: 'any', needles: ['pppd exited for call'],
    re: /pppd exited for call \d+ with code (?:11|19)\b/, hits: [c('pppd/chap-auth-failed', 0.6)], group: 'ppp-auth' },
  { id: 'ppp.echo', engine: 'pppd', end: 'any', needles: ['echo-requests', 'Serial link appears to be disconnected'],
    re: /No response to \d+ echo-requests|Serial link appears to be disconnected/, hits: [c('pppd/echo-timeout', 0.8)] },
  { id: 'ppp.max-connections', engine: 'pppd', end: 'server', needles: ['MGR: '],
    re: /MGR: (?:Maximum of \d+ connections reached|No more free connection slots)/, hits: [c('pppd/max-connections', 0.85)] },
  { id: 'ppp.pptp.refused', engine: 'pppd', end: 'client', needles: ['open_inetsock'],
    re: /open_inetsock.*connect: (?:Connection refused|Connection timed out|No route to host)/, hits: [c('pppd/tcp-1723-refused', 0.85)] },
  { id: 'ppp.pptp.no-control', engine: 'pppd', end: 'client', needles: ['Could not open control connection to'],
    re: /Could not open control connection to \S/, hits: [c('pppd/tcp-1723-refused', 0.75)] },
  // xl2tpd: after a normal hang-up (call_close) the StopCCN often goes unanswered because the client already
  // dropped IPsec; that timeout is part of the disconnect. Otherwise it means UDP 1701 (usually IPsec) is not getting through.
  { id: 'ppp.l2tp.ctx-closed', engine: 'pppd', end: 'any', needles: ['call_close: Call '],
    re: /call_close: Call \d+ to \S+ disconnected/, sets: { key: 'l2tp', value: 'closed' } },
  // A new attempt: the client dialing again, or (server) a peer repeating its SCCRQ because no reply reached it.
  { id: 'ppp.l2tp.ctx-connecting', engine: 'pppd', end: 'any', needles: ['Connecting to host ', 'Peer requested tunnel '],
    re: /Connecting to host \S+, port \d+|Peer requested tunnel \d+ twice/, sets: { key: 'l2tp', value: 'open' } },
  { id: 'ppp.l2tp.established', engine: 'pppd', end: 'any', needles: ['Connection established to ', 'Call established with '],
    re: /Connection established to \S+, \d+\. {2}Local: \d+, Remote: \d+|Call established with \S+, (?:PID: \d+, )?Local: \d+, Remote: \d+/,
    sets: { key: 'l2tp', value: 'open' }, heals: ['pppd/l2tp-timeout'] },
  { id: 'ppp.l2tp.max-retries', engine: 'pppd', end: 'any', needles: ['Maximum retries exceeded for tunnel'],
    re: /Maximum retries exceeded for tunnel \d+/, group: 'l2tp',
    byContext: { key: 'l2tp', cases: { closed: [] }, otherwise: [c('pppd/l2tp-timeout', 0.75)] } },
  { id: 'ppp.l2tp.closed-timeout', engine: 'pppd', end: 'any', needles: ['(Timeout)'],
    re: /Connection \d+ closed to \S+, {1,2}port \d+ \(Timeout\)/, group: 'l2tp',
    byContext: { key: 'l2tp', cases: { closed: [] }, otherwise: [c('pppd/l2tp-timeout', 0.7)] } },
  // ipcp.c ipcp_up(): auth_ip_addr() refused the address IPCP agreed on for the peer (not in the secrets file's
  // address column, or broadcast/loopback/multicast); pppd then closes IPCP with "Unauthorized remote IP address".
  { id: 'ppp.ip-not-authorized', engine: 'pppd', end: 'any', needles: ['Peer is not authorized to use remote address', 'Unauthorized remote IP address'],
    re: /Peer is not authorized to use remote address|IPCP TermReq id=0x[0-9a-f]+ "Unauthorized remote IP address"/,
    hits: [c('pppd/ip-not-authorized', 0.9)] },
  // xl2tpd control.c: get_lns() found no LNS section for the peer (access control, no [lns default]); the SCCRQ is
  // answered with "No Authorization".
  { id: 'ppp.l2tp.peer-denied', engine: 'pppd', end: 'server', needles: ['Denied connection to unauthorized peer', '(No Authorization)'],
    re: /Denied connection to unauthorized peer|Connection \d+ closed to \S+, {1,2}port \d+ \(No Authorization\)/,
    hits: [c('pppd/l2tp-peer-denied', 0.9)] },
  // The host cannot run PPP at all (sys-linux.c ppp_available(): "Couldn't open the /dev/ppp device", "Please load the
  // ppp_generic kernel module", "Sorry - this system lacks PPP kernel support", "The kernel does not support PPP"; modprobe
  // failing for ppp_generic/pptp/l2tp_ppp). Every LCP timeout
  // that follows is a consequence, so the host cause ranks above the network ones (lcp-timeout, gre-blocked: 0.8).
  { id: 'ppp.kernel', engine: 'pppd', end: 'any',
    needles: ['kernel support for PPP', 'PPP kernel support', '/dev/ppp device', 'kernel does not support PPP', 'FATAL: Module ', 'load the ppp_generic kernel module'],
    re: /lacks (?:kernel support for PPP|PPP kernel support)|Couldn't open the \/dev\/ppp device|[Kk]ernel does not support PPP|FATAL: Module (?:ppp_generic|ppp_async|ppp_mppe|pptp|pppox|l2tp_ppp|ip_gre|nf_conntrack_pptp) not found|Please load the ppp_generic kernel module/,
    hits: [c('host/engine-missing', 0.88)] },
  { id: 'ppp.lcp-ok', engine: 'pppd', end: 'any', needles: ['rcvd [LCP Conf', 'LCP, Conf-Ack', 'authentication succeeded'],
    re: /rcvd \[LCP Conf(?:Req|Ack)|LCP, Conf-Ack|CHAP authentication succeeded|PAP authentication succeeded/,
    heals: ['pppd/lcp-timeout', 'pppd/gre-blocked'] },
  { id: 'ppp.ip-up', engine: 'pppd', end: 'any', needles: ['local  IP address'],
    re: /local {2}IP address/, heals: ['pppd/*'] },
];
