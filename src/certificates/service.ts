/**
 * The PKI as the daemon keeps it: CAs and certificates in the store, private keys sealed with the master
 * key, a CRL per CA regenerated on every revocation and handed to the engines through `onCrlChange`.
 * Keys leave only inside a bundle (a user's own profile), never through a listing.
 */
import type { Kysely } from 'kysely';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import type { MasterKey } from '../secrets/master-key.js';
import { writeAudit } from '../store/audit.js';
import { isUniqueViolation } from '../store/db.js';
import type { Actor } from '../store/resources.js';
import { CorridorError, conflict, notFound, validationError, zodIssues } from '../core/errors.js';
import { resourceName } from '../core/fields.js';
import {
  buildCrl, createCa, importEasyRsa, issueClient, issueIke, issueServer, keyContext, loadCa, needsRenewal, renew,
  PkiError, KEY_TYPES, DEFAULT_KEY_TYPE, type CertificateMaterial, type RevokedEntry, type SigningCa, type KeyType,
} from '../pki/index.js';

export const caInput = z.object({
  name: resourceName,
  subject: z.object({
    CN: z.string().min(1).max(64).regex(/^[^\u0000-\u001f\u007f]+$/),
    O: z.string().max(64).regex(/^[^\u0000-\u001f\u007f]*$/).optional(),
    OU: z.string().max(64).regex(/^[^\u0000-\u001f\u007f]*$/).optional(),
    C: z.string().length(2).regex(/^[A-Z]{2}$/).optional(),
  }),
  keyType: z.enum(KEY_TYPES as unknown as [KeyType, ...KeyType[]]).default(DEFAULT_KEY_TYPE),
  validityDays: z.int().min(1).max(36500).default(3650),
});

export const certInput = z
  .object({
    name: z.string().min(1).max(96).regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ -'),
    ca: resourceName,
    kind: z.enum(['server', 'client', 'ike']),
    cn: z.string().min(1).max(64).regex(/^[^\u0000-\u001f\u007f]+$/).optional(),
    username: z.string().max(64).optional(),
    identity: z.string().max(255).optional(),
    dnsNames: z.array(z.string().max(253)).max(32).default([]),
    ips: z.array(z.string().max(45)).max(32).default([]),
    validityDays: z.int().min(1).max(3650).default(825),
    keyType: z.enum(KEY_TYPES as unknown as [KeyType, ...KeyType[]]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'client' && !(c.username ?? c.cn)) ctx.addIssue({ code: 'custom', path: ['username'], message: 'required for a client certificate (it becomes the CN)' });
    if (c.kind === 'server' && !c.cn) ctx.addIssue({ code: 'custom', path: ['cn'], message: 'required for a server certificate' });
    if (c.kind === 'ike' && !c.identity) ctx.addIssue({ code: 'custom', path: ['identity'], message: 'required: the IKE identity the peer expects (IP, FQDN or user@fqdn)' });
  });

export const importInput = z
  .object({
    dir: z.string().min(1).optional(),
    files: z.array(z.object({ name: z.string().max(200), data: z.string().max(4_000_000), encoding: z.enum(['utf8', 'pem', 'base64']).default('utf8') })).max(5000).optional(),
    passphrase: z.string().optional(),
    ca: resourceName.optional(),
  })
  .refine((b) => !!b.dir !== !!b.files, { message: 'give either dir (a directory on the gateway) or files (uploaded)', path: ['dir'] });

/** ca.crt and index.txt at the top, the CA key and other keys in private/, certificates in issued/. */
async function easyRsaLayout(files: Array<{ name: string; data: string; encoding: string }>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'corridor-easyrsa-'));
  await mkdir(join(dir, 'private'), { mode: 0o700 });
  await mkdir(join(dir, 'issued'), { mode: 0o700 });
  for (const f of files) {
    const base = basename(f.name.replace(/\\/g, '/'));
    if (!/^[A-Za-z0-9._@-]+$/.test(base) || base.startsWith('.')) continue;
    const target = base === 'ca.crt' || base === 'index.txt' || base === 'serial' ? base : base.endsWith('.key') ? join('private', base) : base.endsWith('.crt') ? join('issued', base) : undefined;
    if (!target) continue;
    await writeFile(join(dir, target), f.encoding === 'base64' ? Buffer.from(f.data, 'base64') : f.data, { mode: 0o600 });
  }
  return dir;
}

export interface CertificateView {
  name: string;
  ca: string;
  kind: string;
  subject: string;
  serial: string;
  notAfter: string;
  revokedAt: string | null;
  revokeReason: string | null;
  hasKey: boolean;
  renewalDue: boolean;
  createdAt: string;
}

export interface Bundle {
  caPem: string;
  certPem: string;
  keyPem: string;
}

type CrlListener = (ca: string, crlPem: string, revokedSerials: string[]) => void;
/** a stored certificate was renewed or revoked: engines holding it must load a new one */
type CertificateListener = (name: string) => void;

const nowIso = () => new Date().toISOString();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw validationError(zodIssues(r.error));
  return r.data;
}

/** PkiError is the library's "your input is wrong": a 400, with its own message. */
async function pki<T>(work: () => Promise<T>, path = ''): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PkiError) throw validationError([{ path, message: e.message }], 'certificate operation refused');
    throw e;
  }
}

export class CertificateService {
  private signing = new Map<string, SigningCa>();
  /** the last ensure* call per CA or certificate name, so the next one waits for it */
  private ensuring = new Map<string, Promise<unknown>>();
  private crlListeners: CrlListener[] = [];
  private certificateListeners: CertificateListener[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: MasterKey,
  ) {}

  onCrlChange(l: CrlListener): void {
    this.crlListeners.push(l);
  }

  onCertificateChange(l: CertificateListener): void {
    this.certificateListeners.push(l);
  }

  /** Listeners are told after the change is committed; one that throws cannot undo it. */
  private certificateChanged(name: string): void {
    for (const l of this.certificateListeners) {
      try {
        l(name);
      } catch {
        // a listener's failure is its own (they schedule work and log there)
      }
    }
  }

  async listCas() {
    const rows = await this.db.selectFrom('cas').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, crlNumber: r.crl_number, createdAt: r.created_at, certPem: r.cert_pem }));
  }

  async createCa(body: unknown, actor: Actor) {
    const input = parse(caInput, body);
    if (await this.db.selectFrom('cas').select('name').where('name', '=', input.name).executeTakeFirst()) {
      throw conflict(`CA "${input.name}" already exists`, [{ path: 'name', message: 'already exists' }]);
    }
    const m = await pki(() => createCa({ subject: input.subject, keyType: input.keyType, validityDays: input.validityDays }));
    await this.storeCa(input.name, m.certPem, m.keyPem, actor, 'create');
    return { name: input.name, subject: m.subject, serial: m.serial, notAfter: m.notAfter.toISOString(), keyType: m.keyType };
  }

  /** The CA of a gateway's engines, created on first use (Corridor makes certificates impossible to get wrong by making them for you). */
  async ensureCa(name: string, cn: string): Promise<void> {
    return this.oneAtATime(`ca:${name}`, async () => {
      if (await this.db.selectFrom('cas').select('name').where('name', '=', name).executeTakeFirst()) return;
      const m = await createCa({ subject: { CN: cn, O: 'Corridor' } });
      await this.storeCa(name, m.certPem, m.keyPem, { name: 'corridor' }, 'create').catch((e: unknown) => {
        // another process on the same database (PostgreSQL) stored it meanwhile: that CA stands
        if (!isUniqueViolation(e)) throw e;
      });
    });
  }

  /**
   * Runs the ensure* calls for one name one after another: a server's reconcile and a profile download
   * arriving together would otherwise both find the CA (or certificate) missing and both create it.
   */
  private oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.ensuring.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.ensuring.set(key, run);
    const forget = () => {
      if (this.ensuring.get(key) === run) this.ensuring.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  private async storeCa(name: string, certPem: string, keyPem: string, actor: Actor, action: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('cas').values({ name, cert_pem: certPem, key_sealed: this.key.seal(keyPem, keyContext(`ca:${name}`)), crl_number: 1, created_at: nowIso() }).execute();
      await writeAudit(trx, { actor, action, resourceType: 'ca', resourceName: name, before: null, after: { name } });
    });
  }

  async caPem(name: string): Promise<string> {
    const r = await this.db.selectFrom('cas').select('cert_pem').where('name', '=', name).executeTakeFirst();
    if (!r) throw notFound(`CA "${name}"`);
    return r.cert_pem;
  }

  private async signingCa(name: string): Promise<SigningCa> {
    const cached = this.signing.get(name);
    if (cached) return cached;
    const r = await this.db.selectFrom('cas').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) throw notFound(`CA "${name}"`);
    const ca = await loadCa({ certPem: r.cert_pem, keyPem: this.key.openString(r.key_sealed, keyContext(`ca:${name}`)) });
    this.signing.set(name, ca);
    return ca;
  }

  async list(filter: { ca?: string; kind?: string } = {}): Promise<CertificateView[]> {
    let q = this.db.selectFrom('certificates').selectAll().orderBy('name');
    if (filter.ca) q = q.where('ca', '=', filter.ca);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    return (await q.execute()).map((r) => this.view(r));
  }

  async get(name: string): Promise<CertificateView & { certPem: string }> {
    const r = await this.db.selectFrom('certificates').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) throw notFound(`certificate "${name}"`);
    return { ...this.view(r), certPem: r.cert_pem };
  }

  async find(name: string) {
    return this.db.selectFrom('certificates').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async issue(body: unknown, actor: Actor): Promise<CertificateView> {
    const input = parse(certInput, body);
    if (await this.find(input.name)) throw conflict(`certificate "${input.name}" already exists`, [{ path: 'name', message: 'already exists' }]);
    const ca = await this.signingCa(input.ca);
    const common = { ca, validityDays: input.validityDays, ...(input.keyType ? { keyType: input.keyType } : {}) };
    const m = await pki(() =>
      input.kind === 'server'
        ? issueServer({ ...common, cn: input.cn!, dnsNames: input.dnsNames, ips: input.ips })
        : input.kind === 'client'
          ? issueClient({ ...common, username: input.username ?? input.cn! })
          : issueIke({ ...common, identity: input.identity!, ...(input.cn ? { cn: input.cn } : {}), dnsNames: input.dnsNames, ips: input.ips }),
    );
    await this.storeCert(input.name, input.ca, input.kind, m, actor, 'issue');
    return (await this.get(input.name));
  }

  /** `replaces`: the row of that name goes in the same transaction (a renewal is never seen half done) */
  private async storeCert(name: string, ca: string, kind: string, m: Pick<CertificateMaterial, 'certPem' | 'serial' | 'subject' | 'notAfter'> & { keyPem?: string }, actor: Actor, action: string, opts: { revoked?: { at: Date; reason?: string } | undefined; replaces?: boolean } = {}) {
    const { revoked, replaces = false } = opts;
    await this.db.transaction().execute(async (trx) => {
      if (replaces) await trx.deleteFrom('certificates').where('name', '=', name).execute();
      await trx
        .insertInto('certificates')
        .values({
          name, ca, kind, subject: m.subject, serial: m.serial, cert_pem: m.certPem,
          key_sealed: m.keyPem ? this.key.seal(m.keyPem, keyContext(`cert:${m.serial}`)) : null,
          not_after: m.notAfter.toISOString(), revoked_at: revoked ? revoked.at.toISOString() : null, revoke_reason: revoked?.reason ?? null, created_at: nowIso(),
        })
        .execute();
      await writeAudit(trx, { actor, action, resourceType: 'certificate', resourceName: name, before: null, after: { name, ca, kind, subject: m.subject, serial: m.serial } });
    });
  }

  /** A certificate with its key, for one engine or one user's own profile; issued on first use. */
  async ensureIssued(spec: { name: string; ca: string; kind: 'server' | 'client' | 'ike'; cn?: string; username?: string; identity?: string; dnsNames?: string[]; ips?: string[] }): Promise<Bundle> {
    return this.oneAtATime(`cert:${spec.name}`, async () => {
      const row = await this.find(spec.name);
      if (!row || row.revoked_at || needsRenewal(row.cert_pem)) {
        if (row) await this.db.deleteFrom('certificates').where('name', '=', spec.name).execute();
        await this.issue(spec, { name: 'corridor' }).catch((e: unknown) => {
          // another process on the same database issued it meanwhile (seen by issue's check, or by the insert): that one stands
          if (!isUniqueViolation(e) && !(e instanceof CorridorError && e.status === 409)) throw e;
        });
      }
      return this.bundle(spec.name);
    });
  }

  async bundle(name: string): Promise<Bundle> {
    const r = await this.find(name);
    if (!r) throw notFound(`certificate "${name}"`);
    if (!r.key_sealed) throw new CorridorError(409, 'no-key', `certificate "${name}" was imported without its private key`);
    return { caPem: await this.caPem(r.ca), certPem: r.cert_pem, keyPem: this.key.openString(r.key_sealed, keyContext(`cert:${r.serial}`)) };
  }

  async revoke(name: string, reason: string | undefined, actor: Actor): Promise<CertificateView> {
    const r = await this.find(name);
    if (!r) throw notFound(`certificate "${name}"`);
    if (r.revoked_at) return this.view(r);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('certificates').set({ revoked_at: nowIso(), revoke_reason: reason ?? 'unspecified' }).where('name', '=', name).execute();
      await writeAudit(trx, { actor, action: 'revoke', resourceType: 'certificate', resourceName: name, before: { revokedAt: null }, after: { revokedAt: nowIso(), reason: reason ?? 'unspecified' } });
    });
    await this.publishCrl(r.ca);
    // a revoked server certificate is re-issued by the engine's next pass (ensureIssued)
    this.certificateChanged(name);
    return this.view((await this.find(name))!);
  }

  async renew(name: string, actor: Actor): Promise<CertificateView> {
    const r = await this.find(name);
    if (!r) throw notFound(`certificate "${name}"`);
    const m = await pki(async () => renew({ ca: await this.signingCa(r.ca), certPem: r.cert_pem }));
    await this.storeCert(name, r.ca, r.kind, m, actor, 'renew', { replaces: true });
    this.certificateChanged(name);
    return (await this.get(name));
  }

  /** Serials revoked under a CA, including imported revocations whose certificates were never imported. */
  async revokedEntries(ca: string): Promise<RevokedEntry[]> {
    const rows = await this.db.selectFrom('certificates').select(['serial', 'revoked_at']).where('ca', '=', ca).where('revoked_at', 'is not', null).execute();
    const extra = await this.db.selectFrom('settings').select('value').where('key', '=', `crl-extra:${ca}`).executeTakeFirst();
    const imported = extra ? (JSON.parse(extra.value) as Array<{ serial: string; date: string }>) : [];
    return [...rows.map((r) => ({ serial: r.serial, date: new Date(r.revoked_at!) })), ...imported.map((e) => ({ serial: e.serial, date: new Date(e.date) }))];
  }

  /** The current CRL (regenerated when older than a day, so nextUpdate never lapses under the engines). */
  async crl(ca: string): Promise<string> {
    const cached = await this.db.selectFrom('settings').select('value').where('key', '=', `crl:${ca}`).executeTakeFirst();
    if (cached) {
      const { pem, at } = JSON.parse(cached.value) as { pem: string; at: string };
      if (Date.now() - Date.parse(at) < 86_400_000) return pem;
    }
    return this.publishCrl(ca);
  }

  async publishCrl(ca: string): Promise<string> {
    const row = await this.db.selectFrom('cas').select('crl_number').where('name', '=', ca).executeTakeFirst();
    if (!row) throw notFound(`CA "${ca}"`);
    const revoked = await this.revokedEntries(ca);
    const built = await buildCrl({ ca: await this.signingCa(ca), revoked, crlNumber: row.crl_number });
    await this.db.updateTable('cas').set({ crl_number: row.crl_number + 1 }).where('name', '=', ca).execute();
    const value = JSON.stringify({ pem: built.pem, at: nowIso() });
    await this.db.deleteFrom('settings').where('key', '=', `crl:${ca}`).execute();
    await this.db.insertInto('settings').values({ key: `crl:${ca}`, value }).execute();
    for (const l of this.crlListeners) l(ca, built.pem, revoked.map((r) => r.serial));
    return built.pem;
  }

  /**
   * Moves an easy-rsa PKI in, keeping every client's certificate valid (nothing is re-issued): from a
   * directory on the gateway, or from uploaded files (a browser loses the folders, so they are put back
   * in easy-rsa's layout in a private temporary directory).
   */
  async importEasyRsa(body: unknown, actor: Actor) {
    const input = parse(importInput, body);
    const caName = input.ca ?? (await this.freeCaName('imported'));
    if (await this.db.selectFrom('cas').select('name').where('name', '=', caName).executeTakeFirst()) {
      throw conflict(`CA "${caName}" already exists`, [{ path: 'ca', message: 'already exists' }]);
    }
    const tmp = input.files ? await easyRsaLayout(input.files) : undefined;
    const dir = tmp ?? input.dir!;
    const imp = await pki(() => importEasyRsa(dir, input.passphrase ? { passphrase: input.passphrase } : {}), input.files ? 'files' : 'dir').finally(() => tmp && rm(tmp, { recursive: true, force: true }));
    await this.storeCa(caName, imp.ca.certPem, imp.ca.keyPem, actor, 'import-easyrsa');
    const known = new Set<string>();
    for (const c of imp.certificates) {
      const name = await this.freeName(c.name);
      known.add(c.serial);
      await this.storeCert(name, caName, c.usage === 'server' ? 'server' : 'client', c, actor, 'import', {
        revoked: c.revokedAt ? { at: c.revokedAt, ...(c.revocationReason ? { reason: c.revocationReason } : {}) } : undefined,
      });
    }
    const orphans = imp.revoked.filter((r) => !known.has(r.serial)).map((r) => ({ serial: r.serial, date: r.date.toISOString() }));
    if (orphans.length) await this.db.insertInto('settings').values({ key: `crl-extra:${caName}`, value: JSON.stringify(orphans) }).execute();
    await this.publishCrl(caName);
    return { ca: caName, certificates: imp.certificates.length, revoked: imp.revoked.length, warnings: imp.warnings };
  }

  private async freeCaName(base: string): Promise<string> {
    for (let i = 1; ; i++) {
      const n = i === 1 ? base : `${base}-${i}`;
      if (!(await this.db.selectFrom('cas').select('name').where('name', '=', n).executeTakeFirst())) return n;
    }
  }

  private async freeName(base: string): Promise<string> {
    const clean = base.replace(/[^A-Za-z0-9._@-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported';
    for (let i = 0; ; i++) {
      const n = i ? `${clean}-${i + 1}` : clean;
      if (!(await this.find(n))) return n;
    }
  }

  private view(r: Database['certificates']): CertificateView {
    return {
      name: r.name, ca: r.ca, kind: r.kind, subject: r.subject, serial: r.serial, notAfter: r.not_after,
      revokedAt: r.revoked_at, revokeReason: r.revoke_reason, hasKey: !!r.key_sealed, renewalDue: needsRenewal(r.cert_pem), createdAt: r.created_at,
    };
  }
}
