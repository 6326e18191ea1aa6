/**
 * Test PKI from Corridor's own src/pki: EC CA, server and user certificates, tls-crypt key, and a CRL
 * rebuilt on every revocation so OpenVPN's crl-verify sees it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, loadCa } from '../../src/pki/ca.js';
import type { SigningCa } from '../../src/pki/ca.js';
import { buildCrl } from '../../src/pki/crl.js';
import { issueClient, issueServer } from '../../src/pki/issue.js';
import { normaliseSerial } from '../../src/pki/serial.js';
import { generateTlsCryptKey } from '../../src/pki/tls-crypt.js';

export interface IssuedUser {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** hex, normalised */
  serial: string;
}

export class TestPki {
  private readonly users = new Map<string, IssuedUser>();
  private readonly revoked: Array<{ serial: string; date: Date }> = [];
  private crlNumber = 1;

  private constructor(
    readonly dir: string,
    private readonly ca: SigningCa,
    readonly caPem: string,
    readonly tlsCryptKey: string,
    readonly serverCommonName: string,
  ) {}

  static async create(dir: string, serverCommonName = 'corridor-server'): Promise<TestPki> {
    const caMat = await createCa({ subject: { CN: 'Lab CA' }, validityDays: 30 });
    const ca = await loadCa({ certPem: caMat.certPem, keyPem: caMat.keyPem });
    const pki = new TestPki(dir, ca, caMat.certPem, generateTlsCryptKey(), serverCommonName);
    const srv = await issueServer({ ca, cn: serverCommonName, validityDays: 30 });
    pki.write('ca.crt', caMat.certPem);
    pki.write(`${serverCommonName}.crt`, srv.certPem);
    pki.write(`${serverCommonName}.key`, srv.keyPem);
    pki.write('tc.key', pki.tlsCryptKey);
    await pki.writeCrl();
    return pki;
  }

  get caPath(): string {
    return join(this.dir, 'ca.crt');
  }
  get certPath(): string {
    return join(this.dir, `${this.serverCommonName}.crt`);
  }
  get keyPath(): string {
    return join(this.dir, `${this.serverCommonName}.key`);
  }
  get tlsCryptPath(): string {
    return join(this.dir, 'tc.key');
  }
  get crlPath(): string {
    return join(this.dir, 'crl.pem');
  }

  async issueUser(username: string): Promise<IssuedUser> {
    const m = await issueClient({ ca: this.ca, username, validityDays: 30 });
    const u: IssuedUser = {
      certPath: this.write(`${username}.crt`, m.certPem),
      keyPath: this.write(`${username}.key`, m.keyPem),
      certPem: m.certPem,
      keyPem: m.keyPem,
      serial: normaliseSerial(m.serial),
    };
    this.users.set(username, u);
    return u;
  }

  user(username: string): IssuedUser {
    const u = this.users.get(username);
    if (!u) throw new Error(`no certificate issued for ${username}`);
    return u;
  }

  async revoke(username: string): Promise<void> {
    this.revoked.push({ serial: this.user(username).serial, date: new Date() });
    await this.writeCrl();
  }

  private async writeCrl(): Promise<void> {
    const crl = await buildCrl({ ca: this.ca, revoked: this.revoked, crlNumber: this.crlNumber++ });
    this.write('crl.pem', crl.pem);
  }

  private write(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  }
}

/** OpenVPN prints serials in decimal (tls_serial_0) and colon hex (tls_serial_hex_0). */
export function serialFromEnvHex(hexWithColons: string | undefined): string | undefined {
  return hexWithColons === undefined ? undefined : normaliseSerial(hexWithColons);
}
