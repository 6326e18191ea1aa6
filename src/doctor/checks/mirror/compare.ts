/**
 * The mirror check: our end against the peer's, field by field. Each mismatch becomes a finding under
 * the `config/…` code of the catalog, and its first cause names the `ike/…` failure it leads to at run
 * time, so the administrator recognises it later in the logs.
 */
import { cidrContains, ipFamily, isCidr, normaliseCidr } from '../../../core/ip.js';
import type { Lang } from '../../catalog/index.js';
import type { Evidence, Finding } from '../../logs/index.js';
import { both, checkFinding, rankFindings } from '../finding.js';
import type { EndConfig, EndField } from './end-config.js';
import { dhGroups, pfsOf, proposalSet, proposalsMatch } from './proposal-match.js';

/** Lifetimes further apart than this factor make rekeys collide or SAs die before the other end rekeys. */
export const LIFETIME_RATIO = 2;

export function compareEnds(ours: EndConfig, theirs: EndConfig, lang: Lang): Finding[] {
  const out: Finding[] = [];
  const ev = (...fields: Array<[EndConfig, EndField]>): Evidence[] =>
    fields.flatMap(([end, f]) => (end.sources[f] ? [end.sources[f]] : []));
  const add = (code: string, evidence: Evidence[], en: string, zh: string) => out.push(checkFinding(code, lang, evidence, { detail: both(en, zh) }));

  if (ours.ikeVersion && theirs.ikeVersion && ours.ikeVersion !== theirs.ikeVersion) {
    add('config/ike-version', ev([ours, 'ikeVersion'], [theirs, 'ikeVersion']),
      `We speak IKEv${ours.ikeVersion}, the peer IKEv${theirs.ikeVersion}: negotiation fails with ike/version-mismatch.`,
      `本端使用 IKEv${ours.ikeVersion}，对端使用 IKEv${theirs.ikeVersion}：协商将以 ike/version-mismatch 失败。`);
  }

  if (ours.ikeProposals && theirs.ikeProposals) {
    const a = proposalSet(ours.ikeProposals, 'ike');
    const b = proposalSet(theirs.ikeProposals, 'ike');
    const e = ev([ours, 'ikeProposals'], [theirs, 'ikeProposals']);
    if (!proposalsMatch(a, b, 'ike', { dh: false })) {
      add('config/ike-proposal', e,
        `No IKE proposal in common (ours ${ours.ikeProposals.join(', ')}; theirs ${theirs.ikeProposals.join(', ')}): the responder answers NO_PROPOSAL_CHOSEN, ike/phase1-proposal-mismatch.`,
        `IKE 提议无交集（本端 ${ours.ikeProposals.join(', ')}；对端 ${theirs.ikeProposals.join(', ')}）：响应方返回 NO_PROPOSAL_CHOSEN，即 ike/phase1-proposal-mismatch。`);
    } else if (!proposalsMatch(a, b, 'ike', { dh: true })) {
      add('config/ike-proposal', e,
        `Algorithms match but no DH group is in common (ours ${dhGroups(a).join(', ')}; theirs ${dhGroups(b).join(', ')}): ike/phase1-proposal-mismatch (a DH mismatch).`,
        `算法一致但 DH 组无交集（本端 ${dhGroups(a).join(', ')}；对端 ${dhGroups(b).join(', ')}）：将出现 ike/phase1-proposal-mismatch（DH 组不匹配）。`);
    }
  }

  if (ours.espProposals && theirs.espProposals) {
    const a = proposalSet(ours.espProposals, 'esp');
    const b = proposalSet(theirs.espProposals, 'esp');
    const e = ev([ours, 'espProposals'], [theirs, 'espProposals']);
    if (!proposalsMatch(a, b, 'esp', { dh: false })) {
      add('config/esp-proposal', e,
        `No ESP proposal in common (ours ${ours.espProposals.join(', ')}; theirs ${theirs.espProposals.join(', ')}): the CHILD_SA fails with ike/phase2-proposal-or-pfs-mismatch.`,
        `ESP 提议无交集（本端 ${ours.espProposals.join(', ')}；对端 ${theirs.espProposals.join(', ')}）：CHILD_SA 将以 ike/phase2-proposal-or-pfs-mismatch 失败。`);
    } else if (!proposalsMatch(a, b, 'esp', { dh: true })) {
      const pa = pfsOf(a);
      const pb = pfsOf(b);
      const oneSided = (pa === 'none') !== (pb === 'none');
      const en = oneSided
        ? `PFS on one side only (ours ${pa === 'none' ? 'off' : dhGroups(a).join(', ')}; theirs ${pb === 'none' ? 'off' : dhGroups(b).join(', ')})`
        : `PFS groups differ (ours ${dhGroups(a).join(', ')}; theirs ${dhGroups(b).join(', ')})`;
      const zh = oneSided
        ? `只有一端启用 PFS（本端 ${pa === 'none' ? '关闭' : dhGroups(a).join(', ')}；对端 ${pb === 'none' ? '关闭' : dhGroups(b).join(', ')}）`
        : `两端 PFS 组不同（本端 ${dhGroups(a).join(', ')}；对端 ${dhGroups(b).join(', ')}）`;
      add('config/pfs', e,
        `${en}: IKEv1 quick mode fails at once, IKEv2 at the first CHILD_SA rekey, with ike/phase2-proposal-or-pfs-mismatch.`,
        `${zh}：IKEv1 快速模式立即失败，IKEv2 在第一次 CHILD_SA 重协商时失败，即 ike/phase2-proposal-or-pfs-mismatch。`);
    }
  }

  if (ours.auth && theirs.auth && ours.auth !== theirs.auth) {
    add('config/psk', ev([ours, 'auth'], [theirs, 'auth']),
      `Authentication methods differ (ours ${ours.auth}, theirs ${theirs.auth}): ike/authentication-fail.`,
      `认证方式不同（本端 ${ours.auth}，对端 ${theirs.auth}）：将出现 ike/authentication-fail。`);
  } else if (ours.pskFingerprint && theirs.pskFingerprint && ours.pskFingerprint !== theirs.pskFingerprint) {
    add('config/psk', ev([ours, 'pskFingerprint'], [theirs, 'pskFingerprint']),
      // no digits of either fingerprint in the report: the key is public, so even a prefix would let a
      // reader of the report test guesses of a short PSK offline
      'The pre-shared keys differ (compared by HMAC-SHA256 fingerprint): ike/authentication-fail.',
      '预共享密钥不同（按 HMAC-SHA256 指纹比较）：将出现 ike/authentication-fail。');
  }

  for (const [mine, yours, label, zh] of [['localId', 'remoteId', 'our identity', '本端身份'], ['remoteId', 'localId', "the peer's identity", '对端身份']] as const) {
    const x = ours[mine];
    const y = theirs[yours];
    if (x !== undefined && y !== undefined && normaliseId(x) !== normaliseId(y)) {
      add('config/identity', ev([ours, mine], [theirs, yours]),
        `For ${label} we use "${x}", the peer expects "${y}": ike/config-id-mismatch (no matching peer configuration), or ike/authentication-fail.`,
        `${zh}：本端为 "${x}"，对端期望 "${y}"：将出现 ike/config-id-mismatch（找不到匹配的对端配置）或 ike/authentication-fail。`);
    }
  }

  if (ours.pairs && theirs.pairs) {
    // pair by pair: their local is our remote; each end may split its pairs over children differently
    const key = (local: string, remote: string) => `${norm(local)} ${norm(remote)}`;
    const theirKeys = new Set(theirs.pairs.map((p) => key(p.remote, p.local)));
    const ourKeys = new Set(ours.pairs.map((p) => key(p.local, p.remote)));
    const theirPairs = theirs.pairs;
    for (const p of ours.pairs.filter((x) => !theirKeys.has(key(x.local, x.remote)))) {
      // the peer's lines that come closest: a child with our remote as its local has the wrong remote, and the reverse
      const near = [
        ...theirPairs.filter((t) => norm(t.local) === norm(p.remote)).map((t) => t.remoteSource),
        ...theirPairs.filter((t) => norm(t.remote) === norm(p.local)).map((t) => t.localSource),
      ];
      const peerLines = near.length ? near : ev([theirs, 'remoteSubnets'], [theirs, 'localSubnets']);
      out.push(checkFinding('config/ts-not-mirrored', lang, dedupe([p.localSource, ...peerLines]), { detail: both(
        `Subnet pair ${p.local} ⇄ ${p.remote} has no child (phase 2 entry, ACL rule) at the peer: its traffic gets no SA (TS_UNACCEPTABLE or narrowed selectors, ike/flow-or-peer-mismatch).`,
        `子网对 ${p.local} ⇄ ${p.remote} 在对端没有对应的 child（第二阶段条目、ACL 规则）：其流量没有 SA（TS_UNACCEPTABLE 或流量选择器被缩小，即 ike/flow-or-peer-mismatch）。`) }));
    }
    for (const p of theirs.pairs.filter((x) => !ourKeys.has(key(x.remote, x.local)))) {
      out.push(checkFinding('config/ts-not-mirrored', lang, dedupe([p.localSource, p.remoteSource, ...ev([ours, 'localSubnets'], [ours, 'remoteSubnets'])]), { detail: both(
        `The peer has a child for ${p.local} ⇄ ${p.remote} that this site does not carry (${p.remote} ⇄ ${p.local} here): its traffic gets no SA, ike/flow-or-peer-mismatch.`,
        `对端有 ${p.local} ⇄ ${p.remote} 的 child，而本站点没有（本端应为 ${p.remote} ⇄ ${p.local}）：其流量没有 SA，即 ike/flow-or-peer-mismatch。`) }));
    }
  }
  for (const [mine, yours, side, zh] of [['localSubnets', 'remoteSubnets', 'our subnets', '本端子网'], ['remoteSubnets', 'localSubnets', "the peer's subnets", '对端子网']] as const) {
    const x = ours[mine];
    const y = theirs[yours];
    if (!(ours.pairs && theirs.pairs) && x && y && !sameSubnets(x, y)) {
      add('config/ts-not-mirrored', ev([ours, mine], [theirs, yours]),
        `${side[0]!.toUpperCase()}${side.slice(1)}: ${x.join(', ')} here, ${y.join(', ') || '(none)'} at the peer: TS_UNACCEPTABLE, ike/flow-or-peer-mismatch.`,
        `${zh}：本端为 ${x.join(', ')}，对端为 ${y.join(', ') || '（无）'}：TS_UNACCEPTABLE，即 ike/flow-or-peer-mismatch。`);
    }
  }

  for (const [mine, yours, zh] of [['localAddresses', 'remoteAddresses', '本端地址'], ['remoteAddresses', 'localAddresses', '对端地址']] as const) {
    const x = ours[mine];
    const y = theirs[yours];
    if (x?.length && y?.length && !addressesMeet(x, y)) {
      add('config/address', ev([ours, mine], [theirs, yours]),
        `${mine === 'localAddresses' ? 'Our address' : "The peer's address"} is ${x.join(', ')} here but ${y.join(', ')} in the peer's configuration: ike/peer-address-mismatch.`,
        `${zh}：本端配置为 ${x.join(', ')}，对端配置为 ${y.join(', ')}：将出现 ike/peer-address-mismatch。`);
    }
  }

  for (const [field, what, zh] of [['ikeLifetime', 'IKE', 'IKE'], ['espLifetime', 'ESP', 'ESP']] as const) {
    const x = ours[field];
    const y = theirs[field];
    if (x && y && Math.max(x, y) / Math.min(x, y) >= LIFETIME_RATIO) {
      add('config/lifetime', ev([ours, field], [theirs, field]),
        `${what} lifetimes ${x}s here and ${y}s at the peer: rekeys collide or one end's SA expires first (ike/rekey-fail, ike/phase${what === 'IKE' ? 1 : 2}-hard-expiry).`,
        `${zh} 生命周期本端 ${x}s、对端 ${y}s：重协商冲突或一端 SA 先过期（ike/rekey-fail、ike/phase${what === 'IKE' ? 1 : 2}-hard-expiry）。`);
    }
  }

  if (ours.dpdAction && theirs.dpdAction) {
    const e = ev([ours, 'dpdAction'], [theirs, 'dpdAction']);
    if (ours.dpdAction === 'restart' && theirs.dpdAction === 'restart') {
      add('config/dpd-both-restart', e,
        'Both ends restart after DPD: after an outage both re-initiate at once and duplicate IKE and CHILD SAs remain (ike/kick-old-sa-with-same-flow).',
        '两端 DPD 动作都为 restart：中断恢复后两端同时重新发起，留下重复的 IKE 和 CHILD SA（ike/kick-old-sa-with-same-flow）。');
    } else if (ours.dpdAction !== 'restart' && theirs.dpdAction !== 'restart' && (ours.dpdAction === 'clear' || theirs.dpdAction === 'clear')) {
      // no catalog code for "both clear" yet: keep-alive-missing says what follows (nobody restores the tunnel)
      add('net/keepalive-missing', e,
        'Neither end restarts after DPD (both clear): after ike/dpd-timeout nobody restores the tunnel until traffic triggers it.',
        '两端 DPD 动作都不是 restart（都为 clear）：ike/dpd-timeout 之后没有一端恢复隧道，直到有流量触发。');
    }
  }

  if (ours.mtu && theirs.mtu && ours.mtu !== theirs.mtu) {
    add('config/mtu', ev([ours, 'mtu'], [theirs, 'mtu']),
      `MTU ${ours.mtu} here, ${theirs.mtu} at the peer: large packets are dropped one way (net/mtu-blackhole).`,
      `本端 MTU ${ours.mtu}，对端 ${theirs.mtu}：大包在一个方向被丢弃（net/mtu-blackhole）。`);
  }
  return rankFindings(out);
}

function normaliseId(id: string): string {
  const bare = id.startsWith('@#') ? id : id.replace(/^@+/, '');
  return (ipFamily(bare) ? bare : bare.toLowerCase()).replace(/\s*([,=])\s*/g, '$1');
}

const norm = (x: string): string => (isCidr(x) ? normaliseCidr(x) : x);

/** Each quoted line once, in order. */
function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.file}\0${e.line}\0${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sameSubnets(a: readonly string[], b: readonly string[]): boolean {
  const set = (l: readonly string[]) => [...new Set(l.map(norm))].sort().join(' ');
  return set(a) === set(b);
}

/** One address in common, or one side's CIDR range holding an address of the other. */
function addressesMeet(a: readonly string[], b: readonly string[]): boolean {
  const hit = (x: string, y: string) => x.toLowerCase() === y.toLowerCase() || (x.includes('/') && isCidr(x) && ipFamily(y) !== undefined && cidrContains(x, y));
  return a.some((x) => b.some((y) => hit(x, y) || hit(y, x)));
}
