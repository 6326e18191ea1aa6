/**
 * strongSwan proposal keywords in each vendor's own words, and what a vendor cannot do.
 * A proposal is translated token by token; a token a vendor lacks yields a flag instead of a name.
 */
import { isAead, parseProposal, type ProposalKind } from '../../../../core/proposals.js';

export type SheetVendor = 'huawei' | 'cisco' | 'fortigate' | 'generic';

/** IKE/IANA DH group numbers (RFC 3526, 5114, 5903, 7027, 8031). */
export const DH_NUMBER: Record<string, number> = {
  modp768: 1, modp1024: 2, modp1536: 5, modp2048: 14, modp3072: 15, modp4096: 16, modp6144: 17, modp8192: 18,
  ecp256: 19, ecp384: 20, ecp521: 21, modp1024s160: 22, modp2048s224: 23, modp2048s256: 24, ecp192: 25, ecp224: 26,
  ecp224bp: 27, ecp256bp: 28, ecp384bp: 29, ecp512bp: 30, curve25519: 31, x25519: 31, curve448: 32, x448: 32,
};

/** DH groups each vendor's current releases accept (groups outside are flagged). */
const DH_SUPPORTED: Record<Exclude<SheetVendor, 'generic'>, Set<number>> = {
  huawei: new Set([1, 2, 5, 14, 15, 16, 19, 20, 21]),
  cisco: new Set([1, 2, 5, 14, 15, 16, 19, 20, 21, 24]),
  fortigate: new Set([1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 27, 28, 29, 30, 31, 32]),
};

const AEAD_BITS = /^aes(128|192|256)(gcm|ccm)(8|12|16)?$/;

interface Names { generic: string; huawei?: string; cisco?: string; fortigate?: string }

function encryptionNames(t: string): Names {
  const cbc = /^aes(128|192|256)$/.exec(t);
  if (cbc) return { generic: `AES-CBC-${cbc[1]}`, huawei: `aes-${cbc[1]}`, cisco: `aes-cbc-${cbc[1]}`, fortigate: `aes${cbc[1]}` };
  const aead = AEAD_BITS.exec(t);
  if (aead) {
    const [, bits, mode, icv = '16'] = aead;
    const gcm16 = mode === 'gcm' && icv === '16';
    return {
      generic: `AES-${mode!.toUpperCase()}-${bits} (${icv}-octet ICV)`,
      huawei: gcm16 ? `aes-gcm-${bits}` : undefined,
      cisco: gcm16 ? `aes-gcm-${bits}` : undefined,
      fortigate: gcm16 ? `aes${bits}gcm` : undefined,
    };
  }
  switch (t) {
    case '3des': return { generic: '3DES', huawei: '3des', cisco: '3des', fortigate: '3des' };
    case 'des': return { generic: 'DES', huawei: 'des', cisco: 'des', fortigate: 'des' };
    case 'chacha20poly1305': return { generic: 'ChaCha20-Poly1305', fortigate: 'chacha20poly1305' };
    default: return { generic: t.toUpperCase() };
  }
}

function integrityNames(t: string): Names {
  const sha2 = /^sha(256|384|512)$/.exec(t);
  if (sha2) return { generic: `SHA2-${sha2[1]}`, huawei: `sha2-${sha2[1]}`, cisco: `sha${sha2[1]}`, fortigate: `sha${sha2[1]}` };
  switch (t) {
    case 'sha1': return { generic: 'SHA1', huawei: 'sha1', cisco: 'sha1', fortigate: 'sha1' };
    case 'md5': return { generic: 'MD5', huawei: 'md5', cisco: 'md5', fortigate: 'md5' };
    case 'aesxcbc': return { generic: 'AES-XCBC', huawei: 'aes-xcbc-mac-96', cisco: undefined, fortigate: undefined };
    default: return { generic: t.toUpperCase() };
  }
}

export interface VendorProposal {
  /** the strongSwan text it came from */
  source: string;
  encryption: string[];
  integrity: string[];
  prf: string[];
  /** DH group numbers: the IKE group, or the PFS group of an ESP proposal (empty: no PFS) */
  dh: number[];
  aead: boolean;
  /** what this vendor cannot do with this proposal; empty when it can */
  flags: string[];
}

function pick(n: Names, vendor: SheetVendor): string | undefined {
  return vendor === 'generic' ? n.generic : n[vendor];
}

/** What a vendor cannot do, in the sheet's language. */
const CANNOT = {
  en: {
    algorithm: (vendor: string, what: string, token: string) => `${vendor} cannot do ${what} (${token})`,
    dh: (vendor: string, group: number, token: string) => `${vendor} does not offer DH group ${group} (${token})`,
    huaweiGcm: 'huawei: AES-GCM in an IKE proposal needs a recent USG release; prefer AES-CBC with SHA2',
  },
  'zh-CN': {
    algorithm: (vendor: string, what: string, token: string) => `${vendor} 不支持 ${what}（${token}）`,
    dh: (vendor: string, group: number, token: string) => `${vendor} 不提供 DH 组 ${group}（${token}）`,
    huaweiGcm: 'huawei：IKE 提议中的 AES-GCM 需要较新的 USG 版本；建议使用 AES-CBC 加 SHA2',
  },
} as const;

export function translateProposal(text: string, kind: ProposalKind, vendor: SheetVendor, lang: keyof typeof CANNOT = 'en'): VendorProposal {
  const p = parseProposal(text, kind);
  if (typeof p === 'string') throw new Error(p);
  const say = CANNOT[lang];
  const flags: string[] = [];
  const name = (n: Names, token: string): string => {
    const v = pick(n, vendor);
    if (v === undefined) flags.push(say.algorithm(vendor, n.generic, token));
    return v ?? n.generic;
  };
  const encryption = p.encryption.map((e) => name(encryptionNames(e), e));
  const integrity = p.integrity.map((i) => name(integrityNames(i), i));
  const prf = p.prf.map((f) => name(integrityNames(f.replace(/^prf/, '')), f));
  const dh = p.dh.map((g) => DH_NUMBER[g] ?? 0);
  if (vendor !== 'generic') {
    for (const [i, g] of dh.entries()) if (!DH_SUPPORTED[vendor].has(g)) flags.push(say.dh(vendor, g, p.dh[i] ?? ''));
  }
  if (kind === 'ike' && vendor === 'huawei' && p.encryption.some((e) => e.includes('gcm'))) {
    flags.push(say.huaweiGcm);
  }
  return {
    source: text,
    encryption,
    integrity,
    prf,
    dh,
    aead: p.encryption.some(isAead),
    flags,
  };
}
