/**
 * The one password hash Corridor stores (administrators, VPN users, write-only resource fields): argon2id
 * with @node-rs/argon2's defaults, m=19 MiB, t=2, p=1, OWASP's minimum for argon2id. One place, so that
 * a change of parameters reaches every stored kind alike (old hashes still verify: the PHC string
 * carries its own parameters).
 */
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id: a const enum in a .d.ts, which tsx cannot inline

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** false for a wrong password and for a malformed stored hash alike */
export function verifyPassword(phcHash: string, password: string): Promise<boolean> {
  return verify(phcHash, password).catch(() => false);
}
