import type { Candidate, Signature } from '../types.js';

/*
 * pppd 2.4/2.5 and pptpd/pptp (syslog lines), plus the tcpdump view of seeds/003: LCP
 * Conf-Requests repeated inside GRE with nothing coming back means GRE is filtered on the path.
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
  { id: 'ppp.no-secret', engine: 'pppd', end: 'any', needles: ['No CHAP secret found', 'No secret found for'],
    re: /No CHAP secret found for authenticating|No secret found for PAP login/, hits: [c('pppd/no-chap-secret', 0.9)], group: 'ppp-auth', decisive: true },
  { id: 'ppp.mppe', engine: 'pppd', end: 'any', needles: ['MPPE required'],
    re: /MPPE required(?: but|, but keys are not available)/, hits: [c('pppd/mppe-required', 0.92)] },
  { id: 'ppp.echo', engine: 'pppd', end: 'any', needles: ['echo-requests', 'Serial link appears to be disconnected'],
    re: /No response to \d+ echo-requests|Serial link appears to be disconnected/, hits: [c('pppd/echo-timeout', 0.8)] },
  { id: 'ppp.max-connections', engine: 'pppd', end: 'server', needles: ['MGR: '],
    re: /MGR: (?:Maximum of \d+ connections reached|No more free connection slots)/, hits: [c('pppd/max-connections', 0.85)] },
  { id: 'ppp.pptp.refused', engine: 'pppd', end: 'client', needles: ['open_inetsock'],
    re: /open_inetsock.*connect: (?:Connection refused|Connection timed out|No route to host)/, hits: [c('pppd/tcp-1723-refused', 0.85)] },
  { id: 'ppp.kernel', engine: 'pppd', end: 'any', needles: ['kernel support for PPP', '/dev/ppp device'],
    re: /lacks kernel support for PPP|Couldn't open the \/dev\/ppp device/, hits: [c('host/engine-missing', 0.8)] },
  { id: 'ppp.lcp-ok', engine: 'pppd', end: 'any', needles: ['rcvd [LCP Conf', 'LCP, Conf-Ack', 'authentication succeeded'],
    re: /rcvd \[LCP Conf(?:Req|Ack)|LCP, Conf-Ack|CHAP authentication succeeded|PAP authentication succeeded/,
    heals: ['pppd/lcp-timeout', 'pppd/gre-blocked'] },
  { id: 'ppp.ip-up', engine: 'pppd', end: 'any', needles: ['local  IP address'],
    re: /local {2}IP address/, heals: ['pppd/*'] },
];
