/**
 * The API calls the remote-access tests make on a VPN user's behalf, each in one place: how a profile is
 * downloaded and how a TOTP second factor is enrolled may change (another scope, a confirmation step)
 * and then only these functions follow.
 */
import * as OTPAuth from 'otpauth';
import type { Client } from './daemon.js';

/** The user's .ovpn profile for a server, as the administrator downloads it. */
export async function downloadProfile(api: Client, username: string, server: string): Promise<string> {
  const r = await api.req('POST', `/api/users/${encodeURIComponent(username)}/profile`, { server });
  if (r.status !== 200) throw new Error(`profile of ${username} for ${server}: ${r.status} ${r.text}`);
  return r.text;
}

/** Enrols a TOTP second factor for the user; returns the generator an authenticator app would hold. */
export async function enrolVpnTotp(api: Client, username: string): Promise<OTPAuth.TOTP> {
  const r = await api.req('POST', `/api/users/${encodeURIComponent(username)}/totp`);
  if (r.status !== 200) throw new Error(`TOTP enrolment of ${username}: ${r.status} ${r.text}`);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(String(r.json.secret)), digits: 6, period: 30, algorithm: 'SHA1' });
  // the confirming code is spent: confirm with the previous step's code (inside the ±1 window), so the
  // current step's code is still fresh for the test's first login
  const code = totp.generate({ timestamp: Date.now() - 30_000 });
  const c = await api.req('POST', `/api/users/${encodeURIComponent(username)}/totp/confirm`, { code });
  if (c.status !== 200) throw new Error(`TOTP confirmation of ${username}: ${c.status} ${c.text}`);
  return totp;
}
