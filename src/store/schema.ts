/**
 * Table types for Kysely. Timestamps are ISO-8601 text (sortable and identical on SQLite and PostgreSQL);
 * structured values are JSON text for the same reason.
 */
import type { Generated } from 'kysely';

interface ResourceRow {
  name: string;
  /** validated spec without secrets (JSON) */
  spec: string;
  /** sealed secrets and hashes (JSON object of strings), never returned by the API */
  secrets: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Database {
  gateways: ResourceRow;
  peers: ResourceRow;
  groups: ResourceRow;
  sites: ResourceRow & { gateway: string; peer: string };
  servers: ResourceRow & { gateway: string };
  users: ResourceRow;
  user_groups: { username: string; group_name: string };
  policies: ResourceRow & { group_name: string };
  ddns: ResourceRow & { gateway: string };
  admins: {
    username: string;
    password_hash: string;
    totp_secret: string | null;
    totp_enabled: number;
    lang: string;
    created_at: string;
    /** 1: every route but the password change answers 403 until the admin sets their own password */
    must_change_password: Generated<number>;
  };
  admin_sessions: {
    id: string;
    username: string;
    csrf: string;
    created_at: string;
    expires_at: string;
    last_seen: string;
  };
  api_tokens: {
    id: string;
    name: string;
    username: string;
    token_hash: string;
    scopes: string;
    created_at: string;
    last_used_at: string | null;
  };
  login_failures: { id: Generated<number>; principal: string; at: string; source: Generated<string> };
  /** a TOTP secret waiting for its first code ("admin:<name>" or "vpn:<name>") */
  totp_enrolments: { principal: string; secret_sealed: string; created_at: string };
  /** the last 30-second TOTP step each principal used: a code is never accepted twice */
  totp_last_steps: { principal: string; step: number };
  audit_log: {
    id: Generated<number>;
    at: string;
    actor: string;
    action: string;
    resource_type: string;
    resource_name: string;
    before: string | null;
    after: string | null;
    ip: string | null;
  };
  events: {
    id: Generated<number>;
    at: string;
    kind: string;
    source: string;
    subject: string | null;
    severity: string;
    detail: string | null;
  };
  engine_logs: {
    id: Generated<number>;
    at: string;
    instance: string;
    connection: string | null;
    line: string;
  };
  cas: {
    name: string;
    cert_pem: string;
    key_sealed: string;
    crl_number: number;
    created_at: string;
  };
  certificates: {
    name: string;
    ca: string;
    kind: string;
    subject: string;
    serial: string;
    cert_pem: string;
    key_sealed: string | null;
    not_after: string;
    revoked_at: string | null;
    revoke_reason: string | null;
    created_at: string;
  };
  profile_links: {
    token_hash: string;
    username: string;
    server: string;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
  settings: { key: string; value: string };
}
