/**
 * The parameter sheet for the far end's administrator: every value they must type in, from their point
 * of view, in their vendor's words, with where it goes on their device; plus a CLI snippet for Huawei
 * AR/USG, Cisco IOS and FortiGate, and a console worksheet for Huawei Cloud. Built from the effective site
 * (preset applied): its SAs are listed as the site negotiates them, and the DPD row and the snippet share
 * one value. Every word is in the chosen language, flags included.
 */
import type { Gateway } from '../../../../core/model/gateway.js';
import type { Peer, PeerVendor } from '../../../../core/model/peer.js';
import type { SiteConnection } from '../../../../core/model/site.js';
import { farEndParams, type FarEndParams } from './far-end.js';
import { ciscoIosSnippet, fortigateSnippet, huaweiSnippet, type Snippet } from './snippets.js';
import { huaweiCloudWorksheet, type WorksheetStep } from './huawei-cloud.js';
import { SNIPPET_TEXT } from './snippet-text.js';
import { PRESETS } from '../presets.js';
import { SHEET_TEXT, type SheetLang, type SheetKey } from './sheet-text.js';
import type { SheetVendor, VendorProposal } from './vendor-names.js';

export interface SheetRow {
  section: 'peer' | 'identity' | 'ike' | 'esp' | 'traffic' | 'liveness';
  parameter: string;
  value: string;
  /** where to enter it on the peer's device */
  where: string;
}

export interface ParameterSheet {
  vendor: PeerVendor;
  lang: SheetLang;
  rows: SheetRow[];
  snippet?: Snippet;
  /** Huawei Cloud: the console's fields in the order it asks for them */
  worksheet?: WorksheetStep[];
  /** the vendor preset's notes, in the sheet's language */
  notes: string[];
  /** combinations the vendor cannot do, and other things to act on */
  flags: string[];
  markdown: string;
}

export interface SheetOptions {
  vendor: PeerVendor;
  lang: SheetLang;
  psk?: string;
  localAddrs?: string[];
}

const SHEET_VENDOR: Record<PeerVendor, SheetVendor> = {
  strongswan: 'generic', generic: 'generic', aws: 'generic', azure: 'generic', alibaba: 'generic', tencent: 'generic',
  huawei: 'huawei', 'huawei-cloud': 'huawei', 'cisco-ios': 'cisco', 'cisco-asa': 'cisco', fortigate: 'fortigate',
};

/** Where each parameter lives, per device family, in the device's own (CLI) words; other peers get the IKE term (sheet-text.ts). */
const WHERE: Record<Exclude<SheetVendor, 'generic'>, Partial<Record<SheetKey, string>>> = {
  huawei: {
    remoteGateway: 'ike peer: remote-address', localAddress: 'interface (WAN) with ipsec policy', localId: 'ike peer: local-id-type / local-id',
    remoteId: 'ike peer: remote-id-type / remote-id', auth: 'ike peer: pre-shared-key', ikeVersion: 'ike peer: version',
    ikeProposal: 'ike proposal', ikeLifetime: 'ike proposal: sa duration', espProposal: 'ipsec proposal', pfs: 'ipsec policy: pfs',
    espLifetime: 'ipsec policy: sa duration time-based', localSubnets: 'acl: source', remoteSubnets: 'acl: destination',
    children: 'acl rules (one SA per rule)', dpd: 'ike peer: dpd', natt: 'ike peer: nat traversal (on by default)', initiation: 'ipsec policy',
  },
  cisco: {
    remoteGateway: 'crypto map: set peer', localAddress: 'interface with crypto map', localId: 'crypto ikev2 profile: identity local',
    remoteId: 'crypto ikev2 profile: match identity remote', auth: 'crypto ikev2 keyring: pre-shared-key', ikeVersion: 'crypto ikev2 / crypto isakmp',
    ikeProposal: 'crypto ikev2 proposal', ikeLifetime: 'crypto ikev2 profile: lifetime', espProposal: 'crypto ipsec transform-set',
    pfs: 'crypto map: set pfs', espLifetime: 'crypto map: set security-association lifetime seconds', localSubnets: 'access-list: source',
    remoteSubnets: 'access-list: destination', children: 'access-list entries (one SA each)', dpd: 'crypto ikev2 profile: dpd',
    natt: 'NAT-T (on by default)', initiation: 'crypto map',
  },
  fortigate: {
    remoteGateway: 'phase1-interface: remote-gw', localAddress: 'phase1-interface: interface', localId: 'phase1-interface: localid',
    remoteId: 'phase1-interface: peertype / peerid', auth: 'phase1-interface: psksecret', ikeVersion: 'phase1-interface: ike-version',
    ikeProposal: 'phase1-interface: proposal / dhgrp', ikeLifetime: 'phase1-interface: keylife', espProposal: 'phase2-interface: proposal',
    pfs: 'phase2-interface: pfs / dhgrp', espLifetime: 'phase2-interface: keylifeseconds', localSubnets: 'phase2-interface: src-subnet',
    remoteSubnets: 'phase2-interface: dst-subnet', children: 'one phase2-interface each', dpd: 'phase1-interface: dpd / dpd-retryinterval',
    natt: 'phase1-interface: nattraversal', initiation: 'phase2-interface: auto-negotiate',
  },
};

function describeProposal(p: VendorProposal, vendor: SheetVendor, kind: 'ike' | 'esp', lang: SheetLang): string {
  const t = SHEET_TEXT[lang];
  const enc = p.encryption.join(' ');
  const integ = p.integrity.join(' ');
  const dh = p.dh.map((g) => `${g}`).join(' ');
  let text: string;
  switch (vendor) {
    case 'huawei':
      text = kind === 'ike'
        ? `encryption-algorithm ${enc}; ${integ ? `authentication-algorithm ${integ} / integrity-algorithm hmac-${integ}; ` : ''}prf hmac-${p.prf[0] ?? p.integrity[0] ?? 'sha2-256'}; dh group${dh}`
        : `esp encryption-algorithm ${enc}${integ ? `; esp authentication-algorithm ${integ}` : ''}`;
      break;
    case 'cisco':
      text = kind === 'ike'
        ? `encryption ${enc}; ${p.aead ? `prf ${p.prf.join(' ') || 'sha256'}` : `integrity ${integ}`}; group ${dh}`
        : `transform-set ${enc}${integ ? ` + ${integ}` : ''}`;
      break;
    case 'fortigate':
      text = `proposal ${p.aead ? p.encryption.join(' ') : p.encryption.flatMap((e) => p.integrity.map((i) => `${e}-${i}`)).join(' ')}${kind === 'ike' ? `; dhgrp ${dh}` : ''}`;
      break;
    default:
      text = `${enc}${integ ? ` / ${integ}` : ''}${p.prf.length ? ` / PRF ${p.prf.join(' ')}` : ''}${kind === 'ike' ? ` / DH ${dh}` : ''}`;
  }
  return `${text}  (strongSwan: ${p.source})${p.flags.length ? ` — ${t.cannot}: ${p.flags.join('; ')}` : ''}`;
}

function rowsFor(p: FarEndParams, peerVendor: PeerVendor, vendor: SheetVendor, lang: SheetLang, psk: string | undefined): SheetRow[] {
  const t = SHEET_TEXT[lang];
  const where = (k: SheetKey): string =>
    (peerVendor === 'huawei-cloud' ? t.whereHuaweiCloud[k] : vendor === 'generic' ? undefined : WHERE[vendor][k]) ?? t.whereGeneric[k];
  const row = (section: SheetRow['section'], key: SheetKey, value: string): SheetRow => ({ section, parameter: t.labels[key], value, where: where(key) });
  const id = (v: string | undefined, type: string | undefined) => (v ? `${v} (${t.idTypes[type as keyof typeof t.idTypes] ?? type})` : t.auto);
  const pfs = [...new Set(p.esp.flatMap((e) => e.dh))];
  return [
    row('peer', 'remoteGateway', p.remoteGateways.join(', ') || t.any),
    row('peer', 'localAddress', p.localAddresses.join(', ')),
    row('identity', 'localId', id(p.localId, p.localIdType)),
    row('identity', 'remoteId', id(p.remoteId, p.remoteIdType)),
    row('identity', 'auth', p.auth === 'psk' ? `${t.psk}: ${psk ?? t.pskPlaceholder}` : t.cert),
    row('ike', 'ikeVersion', `IKEv${p.ikeVersion}`),
    ...p.ike.map((x) => row('ike', 'ikeProposal', describeProposal(x, vendor, 'ike', lang))),
    row('ike', 'ikeLifetime', `${p.ikeLifetime} s`),
    ...p.esp.map((x) => row('esp', 'espProposal', describeProposal(x, vendor, 'esp', lang))),
    row('esp', 'pfs', pfs.length ? pfs.map((g) => `group ${g}`).join(', ') : t.noPfs),
    row('esp', 'espLifetime', `${p.espLifetime} s`),
    row('traffic', 'localSubnets', p.localSubnets.join(', ')),
    row('traffic', 'remoteSubnets', p.remoteSubnets.join(', ')),
    row('traffic', 'children', `${t.sas(p.children.length)}: ${p.children.map((c) => `${c.local.join(', ')} ⇄ ${c.remote.join(', ')}`).join('; ')}`),
    row('liveness', 'dpd', peerVendor === 'huawei-cloud' ? t.dpdAnswered : p.dpdDelay > 0 ? `${p.dpdDelay} s, ${p.dpdAction === 'clear' ? t.dpdClear : t.dpdRestart}` : t.off),
    row('liveness', 'natt', t.nattOn),
    row('liveness', 'initiation', p.initiates ? t.initiates : t.respondOnly),
  ];
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

function markdownOf(sheet: Omit<ParameterSheet, 'markdown'>, title: string): string {
  const t = SHEET_TEXT[sheet.lang];
  const out = [`# ${cell(title)}`, '', `| ${t.header.join(' | ')} |`, `|${t.header.map(() => '---').join('|')}|`];
  for (const r of sheet.rows) out.push(`| ${cell(t.sections[r.section])} | ${cell(r.parameter)} | ${cell(r.value)} | ${cell(r.where)} |`);
  if (sheet.notes.length) out.push('', `## ${t.notesTitle}`, '', ...sheet.notes.map((n) => `- ${cell(n)}`));
  if (sheet.flags.length) out.push('', `## ${t.flagsTitle}`, '', ...sheet.flags.map((f) => `- ${cell(f)}`));
  if (sheet.worksheet) {
    out.push('', `## ${t.worksheetTitle}`, '', `| ${t.worksheetHeader.join(' | ')} |`, `|${t.worksheetHeader.map(() => '---').join('|')}|`);
    sheet.worksheet.forEach((s, i) => out.push(`| ${i + 1} | ${cell(s.page)} | ${cell(s.field)} | ${cell(s.value)} |`));
  }
  if (sheet.snippet) out.push('', `## ${t.snippetTitle}`, '', '```', sheet.snippet.text, '```');
  return `${out.join('\n')}\n`;
}

export function exportParameterSheet(site: SiteConnection, peer: Peer, gateway: Gateway, opts: SheetOptions): ParameterSheet {
  const vendor = SHEET_VENDOR[opts.vendor];
  const params = farEndParams(site, peer, gateway, vendor, { lang: opts.lang, ...(opts.localAddrs ? { localAddrs: opts.localAddrs } : {}) });
  const rows = rowsFor(params, opts.vendor, vendor, opts.lang, opts.psk);
  const snippet =
    opts.vendor === 'huawei' ? huaweiSnippet(params, opts.psk, opts.lang)
      : opts.vendor === 'cisco-ios' ? ciscoIosSnippet(params, opts.psk, opts.lang)
        : opts.vendor === 'fortigate' ? fortigateSnippet(params, opts.psk, opts.lang)
          : undefined;
  const worksheet = opts.vendor === 'huawei-cloud' ? huaweiCloudWorksheet(params, opts.psk, opts.lang) : undefined;
  const dpdNote = params.dpdDelay !== params.corridorDpdDelay && !worksheet ? [SNIPPET_TEXT[opts.lang].dpdRaised(params.dpdDelay, params.corridorDpdDelay)] : [];
  const flags = [...new Set([...params.ike, ...params.esp].flatMap((x) => x.flags).concat(snippet?.flags ?? [], worksheet?.flags ?? [], dpdNote))];
  const notes = [...PRESETS[opts.vendor].notes[opts.lang]];
  const base = { vendor: opts.vendor, lang: opts.lang, rows, notes, flags, ...(snippet ? { snippet } : {}), ...(worksheet ? { worksheet: worksheet.steps } : {}) };
  const title = SHEET_TEXT[opts.lang].title(site.name, peer.name);
  return { ...base, markdown: markdownOf(base, title) };
}
