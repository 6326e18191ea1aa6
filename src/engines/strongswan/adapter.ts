/**
 * The strongSwan engine adapter: one charon per gateway, driven over VICI.
 *
 * reconcile() is level-triggered and idempotent: it compares the desired connections and secrets
 * with what charon holds (get-conns, get-shared) and with fingerprints of what this adapter loaded,
 * so a second reconcile without changes sends no load at all. Connections meant to be up are
 * initiated in the background (never blocking reconcile) and retried by the control plane whenever
 * charon reports a failure or the connection goes down without charon restarting it itself.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { EventSink } from '../types.js';
import { charonInstance, writeCharonConf } from './charon/spec.js';
import type { CharonInstance } from './charon/spec.js';
import { probeDataPlane } from './charon/dataplane.js';
import type { DataPlane } from './charon/dataplane.js';
import type { RetransmitSettings } from './charon/conf.js';
import { SiteHealthTracker } from './health/tracker.js';
import { pairsOfChildren } from './health/pairs.js';
import type { ConnectionStatus, HistoryEntry } from './health/index.js';
import { Vici } from './vici/commands.js';
import { ViciCommandError } from './vici/errors.js';
import type { ViciInput } from './vici/message.js';

/** A load-conn body `{ name: { ... } }` (config/ builds it as ViciConn). */
export type ConnBody = Readonly<Record<string, object>>;

/** A load-shared body with its id (config/ builds it as ViciSharedSecret). */
export interface SecretBody {
  id: string;
  body: { type?: 'IKE' | 'EAP' | 'XAUTH'; data: string; owners: readonly string[] };
}

/**
 * Certificate material charon needs besides the connections: loaded before them, and again whenever a
 * restarted charon answers (it keeps nothing loaded over VICI).
 */
export interface Credentials {
  /** private keys (PEM) of the gateway's own certificates */
  keys: readonly string[];
  /** trust anchors (PEM) */
  cas: readonly string[];
  /** current CRLs (PEM): charon refuses a peer whose certificate one of them lists */
  crls: readonly string[];
}

export interface DesiredState {
  connections: readonly ConnBody[];
  secrets: readonly SecretBody[];
  credentials?: Credentials;
  /** names the control plane keeps up; default: connections with a child whose dpd_action is restart */
  initiate?: readonly string[];
}

export type ActionKind = 'load-creds' | 'load-conn' | 'unload-conn' | 'load-shared' | 'unload-shared' | 'initiate' | 'terminate' | 'reset';

export interface ReconcileAction {
  kind: ActionKind;
  /** connection name, secret id, or the charon instance for load-creds */
  name: string;
  ok: boolean;
  /** charon's own errmsg when it refused */
  error?: string;
}

export interface StrongSwanAdapterOptions {
  log: Logger;
  events: EventSink;
  /** parent of the engines' run directories */
  runRoot: string;
  /** gateway name; the charon instance is charon-<gateway> */
  gateway: string;
  namespace?: string;
  /** probed once per process when absent */
  dataPlane?: DataPlane;
  retransmit?: RetransmitSettings;
  logLevel?: number;
  /** charon-side initiate bound; default 10 s */
  initiateTimeoutMs?: number;
  /** control-plane retry backoff; default 1 s doubling to 30 s */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** list-sas period for health; default 5 s */
  pollIntervalMs?: number;
  /**
   * initiates in flight at once; default 4. charon holds one of its worker threads (16) per blocking
   * initiate: 50 at once starve it, and then it cannot answer IKE packets or VICI (measured).
   */
  maxConcurrentInitiates?: number;
}

export interface StrongSwanAdapter {
  /** charon's EngineSpec and paths: hand instance.spec to the supervisor */
  readonly instance: CharonInstance;
  readonly dataPlane: DataPlane;
  readonly vici: Vici;
  readonly health: SiteHealthTracker;
  /** Subscribes to charon's events; call once charon answers (spec.ready). */
  start(): Promise<void>;
  reconcile(desired: DesiredState): Promise<ReconcileAction[]>;
  /** Brings a connection up now and lifts an operator hold. */
  initiate(name: string): Promise<void>;
  /** Takes a connection down and holds it down until initiate() or reset(). */
  terminate(name: string): Promise<void>;
  /** terminate + initiate, e.g. after a changed secret. */
  reset(name: string): Promise<void>;
  /** Deletes the connection's SAs without holding it down: the next IKE_AUTH decides again. */
  drop(name: string): Promise<void>;
  /** Loads a new PSK (replacing the old by id) and re-establishes the connection with it. */
  resetPsk(name: string, secret: SecretBody): Promise<void>;
  status(name: string): ConnectionStatus;
  statuses(): ConnectionStatus[];
  history(name?: string): HistoryEntry[];
  close(): Promise<void>;
}

const errText = (e: unknown): string => (e instanceof ViciCommandError ? e.errmsg : e instanceof Error ? e.message : String(e));

function connName(c: ConnBody): string {
  const names = Object.keys(c);
  if (names.length !== 1 || names[0] === undefined) throw new Error(`a connection body holds exactly one connection, got ${names.length}`);
  return names[0];
}

function childrenOf(c: ConnBody): Array<[string, Record<string, unknown>]> {
  const body = Object.values(c)[0] as { children?: Record<string, Record<string, unknown>> } | undefined;
  return Object.entries(body?.children ?? {});
}

class Adapter implements StrongSwanAdapter {
  readonly vici: Vici;
  readonly health: SiteHealthTracker;
  private readonly connFp = new Map<string, string>();
  private readonly secretFp = new Map<string, string>();
  /** what charon holds of the credentials; charon offers no listing of loaded keys to compare with */
  private credsFp: string | undefined;
  /** secrets are fingerprinted with a key that never leaves this process */
  private readonly secretKey = randomBytes(32);
  private readonly fpFile: string;
  private desired: DesiredState | undefined;
  private wantUp = new Set<string>();
  private readonly held = new Set<string>();
  private readonly initiating = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly retryDelay = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();
  private initiatesInFlight = 0;
  private readonly initiateWaiters: Array<() => void> = [];
  private closed = false;
  private everConnected = false;

  constructor(
    private readonly opts: StrongSwanAdapterOptions,
    readonly instance: CharonInstance,
  ) {
    this.vici = new Vici({ socketPath: instance.paths.vici });
    this.health = new SiteHealthTracker({
      vici: this.vici,
      events: opts.events,
      source: `charon:${opts.gateway}`,
      pollIntervalMs: opts.pollIntervalMs ?? 5000,
    });
    this.fpFile = `${instance.runDir}/loaded-conns.json`;
    this.loadFingerprints();
    this.health.onChange((s) => {
      if ((s.health === 'down' || s.health === 'degraded') && this.wantUp.has(s.name)) this.scheduleRetry(s.name);
    });
    // charon came back (crash + restart by the supervisor): it lost every connection and secret
    this.vici.connection.on('connect', () => {
      if (this.everConnected && this.desired && !this.closed) {
        this.credsFp = undefined;
        opts.log.info({ instance: instance.id }, 'charon reconnected, reloading connections');
        void this.reconcile(this.desired).catch((e: unknown) => opts.log.error({ err: errText(e) }, 'resync after reconnect failed'));
      }
      this.everConnected = true;
    });
  }

  get dataPlane(): DataPlane {
    return this.instance.dataPlane;
  }

  private loadFingerprints(): void {
    try {
      const saved = JSON.parse(readFileSync(this.fpFile, 'utf8')) as Record<string, string>;
      for (const [k, v] of Object.entries(saved)) if (typeof v === 'string') this.connFp.set(k, v);
    } catch {
      // first start: nothing loaded yet
    }
  }

  private async saveFingerprints(): Promise<void> {
    const tmp = `${this.fpFile}.tmp`;
    await writeFile(tmp, JSON.stringify(Object.fromEntries(this.connFp)), { mode: 0o600 });
    await rename(tmp, this.fpFile);
  }

  async start(): Promise<void> {
    await this.health.start();
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const r = this.chain.then(job);
    this.chain = r.catch(() => undefined);
    return r;
  }

  reconcile(desired: DesiredState): Promise<ReconcileAction[]> {
    return this.serial(() => this.doReconcile(desired));
  }

  private async doReconcile(desired: DesiredState): Promise<ReconcileAction[]> {
    const actions: ReconcileAction[] = [];
    const log = this.opts.log;
    const names = desired.connections.map(connName);
    if (new Set(names).size !== names.length) throw new Error('duplicate connection names in desired state');
    this.desired = desired;
    const [loadedConns, loadedSecrets] = await Promise.all([this.vici.getConns(), this.vici.getShared()]);
    const haveConn = new Set(loadedConns);
    const haveSecret = new Set(loadedSecrets);

    // credentials before anything: a connection initiated before its key or CRL is loaded fails (or,
    // without the CRL, accepts a revoked peer)
    if (desired.credentials) actions.push(...(await this.loadCredentials(desired.credentials)));

    // secrets first: a connection may be initiated right after its load
    const wantSecrets = new Set<string>();
    for (const s of desired.secrets) {
      wantSecrets.add(s.id);
      const fp = createHmac('sha256', this.secretKey).update(JSON.stringify(s.body)).digest('hex');
      if (haveSecret.has(s.id) && this.secretFp.get(s.id) === fp) continue;
      try {
        await this.vici.loadShared({ id: s.id, type: s.body.type ?? 'IKE', data: s.body.data, owners: [...s.body.owners] });
        this.secretFp.set(s.id, fp);
        actions.push({ kind: 'load-shared', name: s.id, ok: true });
      } catch (e) {
        actions.push({ kind: 'load-shared', name: s.id, ok: false, error: errText(e) });
        log.error({ secret: s.id, err: errText(e) }, 'charon refused a shared secret');
      }
    }

    const changed: string[] = [];
    for (const conn of desired.connections) {
      const name = connName(conn);
      const fp = createHash('sha256').update(JSON.stringify(conn)).digest('hex');
      this.health.expect(name, childrenOf(conn).map(([c]) => c), pairsOfChildren(childrenOf(conn)));
      if (haveConn.has(name) && this.connFp.get(name) === fp) continue;
      try {
        await this.vici.loadConn(conn as unknown as ViciInput);
        if (haveConn.has(name)) changed.push(name);
        this.connFp.set(name, fp);
        actions.push({ kind: 'load-conn', name, ok: true });
      } catch (e) {
        // load-conn replaces atomically: on refusal the previous definition (and its SAs) stays
        actions.push({ kind: 'load-conn', name, ok: false, error: errText(e) });
        log.error({ conn: name, err: errText(e) }, 'charon refused a connection');
      }
    }

    const wanted = new Set(names);
    for (const name of loadedConns) {
      if (wanted.has(name)) continue;
      this.clearRetry(name);
      this.wantUp.delete(name);
      this.held.delete(name);
      actions.push(await this.act('terminate', name, () => this.terminateSas(name)));
      actions.push(await this.act('unload-conn', name, () => this.vici.unloadConn(name)));
      this.connFp.delete(name);
      this.health.forget(name);
    }
    for (const name of [...this.connFp.keys()]) if (!wanted.has(name)) this.connFp.delete(name);
    for (const id of loadedSecrets) {
      if (wantSecrets.has(id)) continue;
      actions.push(await this.act('unload-shared', id, () => this.vici.unloadShared(id)));
      this.secretFp.delete(id);
    }
    if (actions.some((a) => a.kind === 'load-conn' || a.kind === 'unload-conn')) await this.saveFingerprints();

    const up =
      desired.initiate ??
      desired.connections.filter((c) => childrenOf(c).some(([, ch]) => ch['dpd_action'] === 'restart')).map(connName);
    this.wantUp = new Set(up.filter((n) => wanted.has(n)));
    const sas = await this.vici.listSas({ noblock: true });
    for (const name of this.wantUp) {
      // a changed definition applies to new SAs only: re-establish so it takes effect
      if (changed.includes(name) && sas.some((s) => s.name === name)) {
        actions.push({ kind: 'reset', name, ok: true });
        void this.reset(name).catch((e: unknown) => log.warn({ conn: name, err: errText(e) }, 'reset after change failed'));
        continue;
      }
      if (this.held.has(name) || this.initiating.has(name)) continue;
      if (this.missingChildren(name, sas).length === 0 || this.isConnecting(name, sas)) continue;
      actions.push({ kind: 'initiate', name, ok: true });
      this.startInitiate(name);
    }
    if (actions.length > 0) log.info({ instance: this.instance.id, actions: actions.map((a) => `${a.kind} ${a.name}${a.ok ? '' : ' FAILED'}`) }, 'reconciled');
    return actions;
  }

  private async loadCredentials(creds: Credentials): Promise<ReconcileAction[]> {
    const fp = createHmac('sha256', this.secretKey).update(JSON.stringify(creds)).digest('hex');
    if (this.credsFp === fp) return [];
    const failed: string[] = [];
    const load = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        failed.push(`${what}: ${errText(e)}`);
      }
    };
    for (const [i, k] of creds.keys.entries()) await load(`key ${i}`, () => this.vici.loadKey('any', k));
    for (const [i, c] of creds.cas.entries()) await load(`CA ${i}`, () => this.vici.loadCert('X509', 'CA', c));
    for (const [i, c] of creds.crls.entries()) await load(`CRL ${i}`, () => this.vici.loadCert('X509_CRL', 'NONE', c));
    // a previously verified CRL stays cached and would still be the one charon checks peers against
    if (creds.crls.length > 0) await load('CRL cache', () => this.vici.flushCerts('X509_CRL'));
    // the action is named after the charon instance: credentials belong to no single connection
    const name = this.instance.id;
    if (failed.length > 0) {
      // left unrecorded: the next reconcile tries again
      this.opts.log.error({ instance: name, failed }, 'charon refused credentials');
      return [{ kind: 'load-creds', name, ok: false, error: failed.join('; ') }];
    }
    this.credsFp = fp;
    this.opts.log.info({ instance: name, keys: creds.keys.length, cas: creds.cas.length, crls: creds.crls.length }, 'credentials loaded');
    return [{ kind: 'load-creds', name, ok: true }];
  }

  private async act(kind: ActionKind, name: string, fn: () => Promise<unknown>): Promise<ReconcileAction> {
    try {
      await fn();
      return { kind, name, ok: true };
    } catch (e) {
      return { kind, name, ok: false, error: errText(e) };
    }
  }

  private childNames(name: string): string[] {
    const conn = this.desired?.connections.find((c) => connName(c) === name);
    return conn ? childrenOf(conn).map(([c]) => c) : [];
  }

  private missingChildren(name: string, sas: Awaited<ReturnType<Vici['listSas']>>): string[] {
    const installed = new Set<string>();
    for (const s of sas) {
      if (s.name !== name || s.sa.state !== 'ESTABLISHED') continue;
      for (const c of Object.values(s.sa['child-sas'] ?? {})) if (c.state === 'INSTALLED') installed.add(c.name);
    }
    return this.childNames(name).filter((c) => !installed.has(c));
  }

  private isConnecting(name: string, sas: Awaited<ReturnType<Vici['listSas']>>): boolean {
    return sas.some((s) => s.name === name && (s.sa.state === 'CONNECTING' || s.sa.state === 'CREATED'));
  }

  /**
   * initiate/terminate hold their VICI connection until charon is done (up to the timeout), and
   * VICI runs one command per connection: each gets its own short-lived connection, so they run in
   * parallel and never stall reconcile or the health poll.
   */
  private async control<T>(fn: (v: Vici) => Promise<T>): Promise<T> {
    const v = new Vici({ socketPath: this.instance.paths.vici, reconnect: false });
    try {
      return await fn(v);
    } finally {
      v.close();
    }
  }

  private async initiateChild(name: string, child: string): Promise<unknown> {
    const limit = Math.max(1, this.opts.maxConcurrentInitiates ?? 4);
    if (this.initiatesInFlight >= limit) await new Promise<void>((resolve) => this.initiateWaiters.push(resolve));
    this.initiatesInFlight++;
    try {
      return await this.control((v) => v.initiate({ child, ike: name, timeoutMs: this.opts.initiateTimeoutMs ?? 10_000 }));
    } finally {
      this.initiatesInFlight--;
      this.initiateWaiters.shift()?.();
    }
  }

  private async terminateSas(name: string): Promise<void> {
    const sas = await this.vici.listSas({ ike: name, noblock: true });
    for (const s of sas) {
      try {
        await this.control((v) => v.terminate({ ikeId: s.sa.uniqueid, timeoutMs: 3000 }));
      } catch {
        // an unreachable peer never confirms the DELETE; drop the SA locally
        await this.control((v) => v.terminate({ ikeId: s.sa.uniqueid, force: true, timeoutMs: -1 })).catch(() => undefined);
      }
    }
  }

  /** Initiates every missing CHILD_SA of a connection, in the background. */
  private startInitiate(name: string): void {
    if (this.initiating.has(name) || this.closed) return;
    this.initiating.add(name);
    void (async () => {
      try {
        const sas = await this.vici.listSas({ ike: name, noblock: true });
        if (this.isConnecting(name, sas)) {
          // charon retries by itself (keyingtries 0); look again later
          this.scheduleRetry(name);
          return;
        }
        for (const child of this.missingChildren(name, sas)) await this.initiateChild(name, child);
        this.retryDelay.delete(name);
      } catch (e) {
        this.opts.log.warn({ conn: name, err: errText(e) }, 'initiate failed; the control plane retries');
        this.scheduleRetry(name);
      } finally {
        this.initiating.delete(name);
      }
    })();
  }

  private scheduleRetry(name: string): void {
    if (this.closed || this.retryTimers.has(name) || !this.wantUp.has(name) || this.held.has(name)) return;
    const delay = this.retryDelay.get(name) ?? this.opts.retryMinMs ?? 1000;
    this.retryDelay.set(name, Math.min(delay * 2, this.opts.retryMaxMs ?? 30_000));
    const timer = setTimeout(() => {
      this.retryTimers.delete(name);
      if (this.wantUp.has(name) && !this.held.has(name)) this.startInitiate(name);
    }, delay);
    timer.unref();
    this.retryTimers.set(name, timer);
  }

  private clearRetry(name: string): void {
    const t = this.retryTimers.get(name);
    if (t) clearTimeout(t);
    this.retryTimers.delete(name);
    this.retryDelay.delete(name);
  }

  private requireKnown(name: string): void {
    if (!this.desired?.connections.some((c) => connName(c) === name)) throw new Error(`unknown connection ${JSON.stringify(name)}`);
  }

  async initiate(name: string): Promise<void> {
    this.requireKnown(name);
    this.held.delete(name);
    this.clearRetry(name);
    // initiating an installed CHILD_SA again would make a duplicate
    const sas = await this.vici.listSas({ ike: name, noblock: true });
    for (const child of this.missingChildren(name, sas)) await this.initiateChild(name, child);
  }

  async terminate(name: string): Promise<void> {
    this.requireKnown(name);
    this.held.add(name);
    this.clearRetry(name);
    await this.terminateSas(name);
  }

  async reset(name: string): Promise<void> {
    this.requireKnown(name);
    this.clearRetry(name);
    this.held.add(name);
    try {
      await this.terminateSas(name);
    } finally {
      this.held.delete(name);
    }
    await this.initiate(name);
  }

  async drop(name: string): Promise<void> {
    this.requireKnown(name);
    await this.terminateSas(name);
  }

  async resetPsk(name: string, secret: SecretBody): Promise<void> {
    this.requireKnown(name);
    await this.serial(async () => {
      await this.vici.loadShared({ id: secret.id, type: secret.body.type ?? 'IKE', data: secret.body.data, owners: [...secret.body.owners] });
      this.secretFp.set(secret.id, createHmac('sha256', this.secretKey).update(JSON.stringify(secret.body)).digest('hex'));
      if (this.desired) {
        const secrets = this.desired.secrets.map((s) => (s.id === secret.id ? secret : s));
        this.desired = { ...this.desired, secrets: secrets.some((s) => s.id === secret.id) ? secrets : [...secrets, secret] };
      }
    });
    this.opts.events.record({ kind: 'site.psk-reset', source: `charon:${this.opts.gateway}`, subject: name, severity: 'info' });
    if (this.wantUp.has(name)) await this.reset(name);
    else await this.terminateSas(name);
  }

  status(name: string): ConnectionStatus {
    return this.health.status(name);
  }

  statuses(): ConnectionStatus[] {
    return this.health.statuses();
  }

  history(name?: string): HistoryEntry[] {
    return this.health.history(name);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const name of [...this.retryTimers.keys()]) this.clearRetry(name);
    await this.health.stop().catch(() => undefined);
    this.vici.close();
  }
}

/** Prepares the gateway's charon instance (strongswan.conf written, 0700 run dir) and the adapter driving it. */
export async function createStrongSwanAdapter(opts: StrongSwanAdapterOptions): Promise<StrongSwanAdapter> {
  const dataPlane = opts.dataPlane ?? (await probeDataPlane()).dataPlane;
  const instance = charonInstance({
    gateway: opts.gateway,
    runRoot: opts.runRoot,
    dataPlane,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.retransmit ? { retransmit: opts.retransmit } : {}),
    ...(opts.logLevel !== undefined ? { logLevel: opts.logLevel } : {}),
  });
  await writeCharonConf(instance);
  return new Adapter(opts, instance);
}
