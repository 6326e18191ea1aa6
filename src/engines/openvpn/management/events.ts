/** Typed `>`-notifications of OpenVPN's management interface (version 5, OpenVPN 2.6). */
import type { ClientEnv } from './env.js';

export type ManagementEvent =
  | { type: 'client-connect'; cid: number; kid: number; env: ClientEnv }
  | { type: 'client-reauth'; cid: number; kid: number; env: ClientEnv }
  | { type: 'client-established'; cid: number; env: ClientEnv }
  | { type: 'client-disconnect'; cid: number; env: ClientEnv }
  | { type: 'client-address'; cid: number; address: string; primary: boolean }
  | { type: 'bytecount-client'; cid: number; bytesIn: number; bytesOut: number }
  | { type: 'bytecount'; bytesIn: number; bytesOut: number }
  | { type: 'info'; text: string }
  | { type: 'state'; time: number; state: string; fields: string[] }
  | { type: 'log'; time: number; flags: string; message: string }
  | { type: 'hold'; text: string }
  | { type: 'password'; text: string }
  | { type: 'other'; kind: string; text: string };

export type ClientEnvEventType = 'client-connect' | 'client-reauth' | 'client-established' | 'client-disconnect';
