/**
 * The daemon's master key: 32 random bytes in a 0600 file, created on first start. Every secret at rest
 * (PSKs, private keys, TOTP seeds, DDNS credentials) is sealed with it using AES-256-GCM.
 *
 * Sealed format: "v1.<keyId>.<base64url(iv(12) | ciphertext | tag(16))>". The key id (first 8 hex chars
 * of SHA-256 of the key) lets a rotation tell old from new values; a keyring holds the current key plus
 * retired ones until every value is re-sealed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class SecretError extends Error {}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class MasterKey {
  readonly id: string;
  private readonly retired = new Map<string, Buffer>();

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
   * Loads the key file, creating it (0600, directory 0700) when absent. A key file readable by others
   * is refused: fixing permissions silently would hide that the key may already have leaked.
   */
  static loadOrCreate(path: string): { key: MasterKey; created: boolean } {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      const tmp = `${path}.tmp-${process.pid}`;
      writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, path);
      return { key: new MasterKey(key), created: true };
    }
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      throw new SecretError(`${path} is readable by group or others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
    }
    const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const current = Buffer.from(lines[0] ?? '', 'base64');
    const mk = MasterKey.fromBytes(current);
    // lines after the first are retired keys kept during a rotation
    for (const l of lines.slice(1)) mk.addRetired(Buffer.from(l, 'base64'));
    return { key: mk, created: false };
  }

  addRetired(key: Buffer): void {
    if (key.length === 32) this.retired.set(keyIdOf(key), Buffer.from(key));
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
    const key = id === this.id ? this.key : this.retired.get(id);
    if (!key) throw new SecretError(`sealed with unknown key ${id}: restore the master key file that was used`);
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < 28) throw new SecretError('sealed value truncated');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
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

  /** True when the value was sealed with a retired key and should be re-sealed. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.id;
  }
}

/**
 * First half of a key rotation: a new current key is written at the top of the key file and the old
 * ones stay below it as retired keys, so every value still opens. The caller then re-seals all values
 * (isStale) and calls dropRetiredKeys. Both steps keep the file 0600 and replace it atomically.
 */
export function rotateKeyFile(path: string): MasterKey {
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const next = randomBytes(32);
  replaceKeyFile(path, [next.toString('base64'), ...lines]);
  return MasterKey.loadOrCreate(path).key;
}

export function dropRetiredKeys(path: string): void {
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  replaceKeyFile(path, lines.slice(0, 1));
}

function replaceKeyFile(path: string, lines: string[]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
