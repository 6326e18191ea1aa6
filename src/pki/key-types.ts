/**
 * Key types Corridor issues, and the WebCrypto parameters and signature algorithm that go with each.
 * P-256 signs with SHA-256 and P-384 with SHA-384 (matching hash strength to curve, as RFC 5480 asks);
 * RSA always signs with SHA-256 (sha256WithRSAEncryption), which every OpenVPN and strongSwan build accepts.
 */
import { generateKeyPair as nodeGenerateKeyPair } from 'node:crypto';
import { subtle } from './crypto.js';
import type { CryptoKey, CryptoKeyPair, KeyGenParams, SignatureAlgorithm } from './crypto.js';

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const DEFAULT_KEY_TYPE: KeyType = 'ec-p256';

export function isRsa(keyType: KeyType): boolean {
  return keyType.startsWith('rsa-');
}

export function keyGenParams(keyType: KeyType): KeyGenParams {
  switch (keyType) {
    case 'ec-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ec-p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
    default:
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: Number(keyType.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      };
  }
}

/** The algorithm a key of this type signs certificates and CRLs with. */
export function signingAlgorithm(keyType: KeyType): SignatureAlgorithm {
  if (keyType === 'ec-p256') return { name: 'ECDSA', hash: 'SHA-256' } as SignatureAlgorithm;
  if (keyType === 'ec-p384') return { name: 'ECDSA', hash: 'SHA-384' } as SignatureAlgorithm;
  return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as SignatureAlgorithm;
}

/** Key type of an imported key (node KeyObject details), or undefined when Corridor cannot sign with it. */
export function keyTypeOf(details: { asymmetricKeyType?: string; namedCurve?: string; modulusLength?: number }): KeyType | undefined {
  if (details.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1' || details.namedCurve === 'P-256') return 'ec-p256';
    if (details.namedCurve === 'secp384r1' || details.namedCurve === 'P-384') return 'ec-p384';
    return undefined;
  }
  if (details.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength;
    if (bits === 2048 || bits === 3072 || bits === 4096) return `rsa-${bits}`;
  }
  return undefined;
}

export async function generateKeyPair(keyType: KeyType): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(keyGenParams(keyType), true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Imports a PKCS#8 DER private key for signing. */
export async function importSigningKey(pkcs8: Uint8Array, keyType: KeyType): Promise<CryptoKey> {
  const params = keyGenParams(keyType);
  const alg = 'namedCurve' in params ? params : { name: params.name, hash: params.hash };
  return subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']);
}

export async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return toPem(der, 'PRIVATE KEY');
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Node's native generator, with both encodings done in the thread pool: on the main thread, exporting
 * the keys cost more than generating them.
 */
export function generateEncodedKeyPair(keyType: KeyType): Promise<{ spki: Buffer; pkcs8Pem: string }> {
  const encoding = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, spki: Buffer, pkcs8Pem: string): void => (err ? reject(err) : resolve({ spki, pkcs8Pem }));
    if (isRsa(keyType)) nodeGenerateKeyPair('rsa', { modulusLength: Number(keyType.slice(4)), publicExponent: 0x10001, ...encoding }, done);
    else nodeGenerateKeyPair('ec', { namedCurve: keyType === 'ec-p384' ? 'P-384' : 'P-256', ...encoding }, done);
  });
}

/** Hash for node:crypto.sign and the DER AlgorithmIdentifier of the signature a CA of this key type makes. */
export function signatureSpec(keyType: KeyType): { hash: string; algorithmDer: Buffer } {
  if (keyType === 'ec-p256') return { hash: 'sha256', algorithmDer: Buffer.from('300a06082a8648ce3d040302', 'hex') };
  if (keyType === 'ec-p384') return { hash: 'sha384', algorithmDer: Buffer.from('300a06082a8648ce3d040303', 'hex') };
  return { hash: 'sha256', algorithmDer: Buffer.from('300d06092a864886f70d01010b0500', 'hex') };
}
