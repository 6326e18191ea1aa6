/**
 * Why an SA changed state, read from charon's log lines (VICI `log` / `control-log` events). The
 * texts are charon 5.9's own; the short reasons are what status and the event history show.
 * Follow-up lines ("restarting CHILD_SA lan" right after "giving up after 2 retransmits") have no
 * rule on purpose: they would overwrite the cause before the down event arrives.
 */
export interface ReasonRule {
  re: RegExp;
  reason: string;
}

export const REASON_RULES: readonly ReasonRule[] = [
  { re: /giving up after \d+ retransmits/, reason: 'DPD timeout' },
  { re: /received DELETE for IKE_SA/, reason: 'peer deleted IKE_SA' },
  { re: /received DELETE for (?:ESP|AH) CHILD_SA/, reason: 'peer deleted CHILD_SA' },
  { re: /received AUTHENTICATION_FAILED notify error|authentication of .* failed|tried \d+ shared key/, reason: 'authentication failed' },
  { re: /received NO_PROPOSAL_CHOSEN notify|no acceptable proposal found|NO_PROPOSAL_CHOSEN/, reason: 'no proposal chosen' },
  { re: /received TS_UNACCEPTABLE notify|no acceptable traffic selectors found|TS_UNACCEPTABLE/, reason: 'traffic selectors unacceptable' },
  { re: /peer not responding|establishing IKE_SA failed/, reason: 'peer not responding' },
  // kernel-libipsec cannot route a policy whose local side has no address on this gateway
  { re: /unable to install IPsec policies|error installing route with policy/, reason: 'IPsec policy install failed' },
  { re: /failed to establish CHILD_SA, keeping IKE_SA/, reason: 'CHILD_SA failed, IKE_SA kept' },
  { re: /deleting IKE_SA .* between|sending DELETE for IKE_SA/, reason: 'deleted locally' },
  { re: /sending DELETE for (?:ESP|AH) CHILD_SA/, reason: 'CHILD_SA deleted locally' },
  { re: /IKE_SA \S+ established between/, reason: 'IKE_SA established' },
  { re: /CHILD_SA \S+ established with SPIs/, reason: 'CHILD_SA established' },
];

export function reasonOf(msg: string): string | undefined {
  for (const r of REASON_RULES) if (r.re.test(msg)) return r.reason;
  return undefined;
}
