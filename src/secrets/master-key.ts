/**
 * The daemon's master key: 32 random bytes in a 0600 file. Every secret at rest (PSKs, private keys, TOTP
 * seeds, DDNS credentials, tls-crypt keys) is sealed with it using AES-256-GCM. Which file is used at start,
 * and what happens when it is missing or wrong, is decided in key-file.ts.
 *
 * Sealed format: "v1.<keyId>.<base64url(iv(12) | ciphertext | tag(16))>". The key id (first 8 hex chars
 * of SHA-256 of the key) tells which key a value was sealed with, so a wrong key file is named as such.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class SecretError extends Error {}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class MasterKey {
  readonly id: string;

  private constructor(private readonly key: Buffer) {
    this.id = keyIdOf(key);
  }

  static fromBytes(key: Buffer): MasterKey {
    if (key.length !== 32) throw new SecretError(`master key must be 32 bytes, got ${key.length}`);
    return new MasterKey(Buffer.from(key));
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(32));
  }

  /**
   * Reads a key file. A key file readable by others is refused: fixing permissions silently would hide
   * that the key may already have leaked.
   */
  static load(path: string): MasterKey {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      throw new SecretError(`${path} is readable by group or others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
    }
    const line = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
    return MasterKey.fromBytes(Buffer.from(line ?? '', 'base64'));
  }

  /** Writes the key to `path` (0600, directory 0700), durably: written, synced, then renamed into place. */
  writeFile(path: string): void {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.tmp-${process.pid}`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, `${this.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    syncPath(tmp);
    renameSync(tmp, path);
    syncPath(dirname(path));
  }

  seal(plaintext: string | Buffer, context = ''): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    // the context (e.g. "site:hq-branch:psk") is authenticated, so a sealed value cannot be moved to another row
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext), c.final()]);
    return `v1.${this.id}.${Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url')}`;
  }

  open(sealed: string, context = ''): Buffer {
    const [version, id, body] = sealed.split('.');
    if (version !== 'v1' || !id || body === undefined) throw new SecretError('not a sealed value');
    if (id !== this.id) throw new SecretError(`sealed with unknown key ${id}: restore the master key file that was used`);
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < 28) throw new SecretError('sealed value truncated');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
    } catch {
      throw new SecretError('sealed value failed authentication (wrong key or tampered data)');
    }
  }

  openString(sealed: string, context = ''): string {
    return this.open(sealed, context).toString('utf8');
  }
}

/** The key id a sealed value names (the key it was sealed with), or undefined when it is not one. */
export function sealedKeyId(sealed: string): string | undefined {
  const m = /^v1\.([0-9a-f]{8})\./.exec(sealed);
  return m?.[1];
}

/** fsync of a file or directory: a rename is durable only once the directory is synced. */
export function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
