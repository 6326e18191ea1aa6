/**
 * Passwords argon2id has accepted recently, so that a user reconnecting (a laptop waking up, a phone
 * changing networks) is not charged one argon2id verification (≈5 ms of CPU, most of a connect's cost)
 * every time. Only an HMAC of the PHC hash and the password is kept, under a key that lives in this
 * process's memory and nowhere else; a changed password changes the hash and misses. A wrong password
 * always misses and goes to argon2id (and to the lockout count), so the cache shortens nothing for a guesser.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export class VerifiedPasswords {
  readonly #key = randomBytes(32);
  readonly #entries = new Map<string, { digest: Buffer; until: number }>();

  constructor(private readonly ttlMs = TTL_MS) {}

  has(username: string, phcHash: string, password: string, now: Date): boolean {
    const e = this.#entries.get(username);
    if (!e) return false;
    if (e.until <= now.getTime()) {
      this.#entries.delete(username);
      return false;
    }
    return timingSafeEqual(e.digest, this.digest(phcHash, password));
  }

  remember(username: string, phcHash: string, password: string, now: Date): void {
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(username)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.delete(username);
    this.#entries.set(username, { digest: this.digest(phcHash, password), until: now.getTime() + this.ttlMs });
  }

  private digest(phcHash: string, password: string): Buffer {
    return createHmac('sha256', this.#key).update(phcHash).update('\0').update(password).digest();
  }
}
