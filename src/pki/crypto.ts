/**
 * The one place that wires @peculiar/x509 to Node's WebCrypto. reflect-metadata must be loaded before
 * @peculiar/x509 (its ASN.1 schemas use decorators), so every pki module imports x509 through here.
 * The project compiles without the DOM lib, so WebCrypto's types come from node:crypto's namespace.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
export const subtle = webcrypto.subtle;
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type SignatureAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;
export type KeyGenParams = webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;
