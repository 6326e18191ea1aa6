import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonOf } from './reason.js';

test('charon log lines map to short reasons', () => {
  const cases: Array<[string, string | undefined]> = [
    ['giving up after 2 retransmits', 'DPD timeout'],
    ['received DELETE for IKE_SA s2s[3]', 'peer deleted IKE_SA'],
    ['received AUTHENTICATION_FAILED notify error', 'authentication failed'],
    ["tried 1 shared key for 'hq.lab' - 'branch.lab', but MAC mismatched", 'authentication failed'],
    ['received NO_PROPOSAL_CHOSEN notify error', 'no proposal chosen'],
    ['received TS_UNACCEPTABLE notify, no CHILD_SA built', 'traffic selectors unacceptable'],
    ['establishing IKE_SA failed, peer not responding', 'peer not responding'],
    ['failed to establish CHILD_SA, keeping IKE_SA', 'CHILD_SA failed, IKE_SA kept'],
    ['IKE_SA s2s[1] established between 198.18.1.1[hq.lab]...198.18.1.2[branch.lab]', 'IKE_SA established'],
    ['error installing route with policy 198.19.100.0/24 === 198.19.0.0/24 out', 'IPsec policy install failed'],
    ['sending DPD request', undefined],
  ];
  for (const [msg, want] of cases) assert.equal(reasonOf(msg), want, msg);
});
