/**
 * Shapes of API responses. Resources are the core model's types (one definition, in src/core/model);
 * only what the API adds on top (status, lockout, flags) is declared here.
 */
import type {
  AccessPolicy, DdnsProvider, Gateway, Group, Peer, PeerVendor, RaServer, SiteConnection, SiteSpec, User,
} from '../../src/core/model/index.js';
import type { Evidence, Finding, Report } from '../../src/doctor/logs/types.js';
import type { ProviderStatus as DdnsStatus } from '../../src/stability/ddns/publisher.js';
import type { WanStatus } from '../../src/stability/wan/health.js';

export type { DdnsStatus, WanStatus };
export type { AccessPolicy, DdnsProvider, Gateway, Group, Peer, PeerVendor, RaServer, SiteConnection, User };

export type Lang = 'en' | 'zh-CN';

export interface Admin {
  username: string;
  lang: Lang;
  totpEnabled: boolean;
  /** the password was chosen by someone else: only its change is open until then */
  passwordChangeRequired?: boolean;
}

export interface LoginResponse {
  admin: Admin;
  csrfToken: string;
}

export interface List<T> {
  items: T[];
}

/**
 * A stored site: vendor-decided fields may be unset; `effective` has each one's value as the engine uses it
 * and whether the user, the peer's preset or Corridor's default decided it.
 */
export type SiteResponse = Omit<SiteSpec, 'psk'> & {
  pskSet?: boolean;
  effective?: Record<string, { value: unknown; source: 'user' | 'preset' | 'default' }>;
};

export interface Lockout {
  locked: boolean;
  until?: string;
  recentFailures: number;
  /** failures still allowed before a lock */
  remaining?: number;
}

/** The list and the single answer both carry the user's VPN lockout state; `*Set` flags stand for write-only fields. */
export type UserResponse = Omit<User, 'password'> & { lockout?: Lockout; passwordSet?: boolean; totpSecretSet?: boolean };

export type Health = 'up' | 'down' | 'degraded' | 'connecting' | 'disabled';

export interface SiteStatus {
  name: string;
  ike: { state: string };
  child: { state: string };
  health: Health;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  lastChange?: { at: string; reason: string };
  /** configured subnet pairs no installed CHILD_SA carries ("local <-> remote") */
  missingPairs?: string[];
}

export interface SiteHistoryItem {
  at: string;
  kind: string;
  detail: string;
}

export interface Session {
  id: string;
  server: string;
  username: string;
  realAddress: string;
  tunnelAddress: string;
  since: string;
  bytesIn: number;
  bytesOut: number;
}

export type Severity = 'info' | 'warning' | 'error' | 'critical';

export interface GatewayEvent {
  id: string | number;
  at: string;
  kind: string;
  source: string;
  subject: string;
  severity: Severity | string;
  /** text, or an object of facts (shown as key=value) */
  detail: unknown;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceName: string;
  before: unknown;
  after: unknown;
}

/** The doctor's contract (DESIGN.md) is defined once, by the doctor. */
export type DoctorReport = Report;
export type { Evidence, Finding };

export interface EngineState {
  id: string;
  kind: string;
  state: string;
  pid?: number;
  dataPlane?: string;
}

/** Every part but the version is contributed by a subsystem and may be absent. */
export interface StatusResponse {
  version: string;
  /** false when the daemon runs with CORRIDOR_ENGINES=0 (control plane only): nothing runs, by design */
  enginesEnabled?: boolean;
  gateways?: Array<{ name: string; engines: EngineState[] }>;
  engines?: EngineState[];
  sites?: { up: number; down: number; degraded: number; connecting?: number };
  sessions?: number;
  findings?: number;
  /** WAN health per link (stability subsystem; the links are empty while engines are off) */
  wan?: { up: number; degraded: number; down: number; links: WanStatus[] };
}

export interface CaInfo {
  name: string;
  subject?: Record<string, string> | string;
  keyType?: string;
  notBefore?: string;
  notAfter?: string;
  fingerprint?: string;
  createdAt?: string;
  certPem?: string;
  [k: string]: unknown;
}

export interface CertInfo {
  name: string;
  ca?: string;
  kind?: string;
  cn?: string;
  serial?: string;
  notAfter?: string;
  revoked?: boolean;
  revokedAt?: string | null;
  [k: string]: unknown;
}

export interface InspectResult {
  objects: Array<Record<string, unknown>>;
  problems: Array<{ code: string; message: string; object?: unknown }>;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt?: string;
  lastUsedAt?: string;
}
