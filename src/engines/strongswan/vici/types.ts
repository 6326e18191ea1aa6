/** Shapes of charon's VICI answers and events that Corridor reads. All values are strings on the wire. */
import type { ViciMessage } from './message.js';

export interface LogEvent {
  group: string;
  level: string;
  thread?: string;
  'ikesa-name'?: string;
  'ikesa-uniqueid'?: string;
  msg: string;
}

export interface ChildSaInfo {
  name: string;
  uniqueid: string;
  reqid?: string;
  state: string;
  'bytes-in'?: string;
  'packets-in'?: string;
  'bytes-out'?: string;
  'packets-out'?: string;
  'install-time'?: string;
  'local-ts'?: string[];
  'remote-ts'?: string[];
  [key: string]: unknown;
}

export interface IkeSaInfo {
  uniqueid: string;
  version?: string;
  state: string;
  'local-host'?: string;
  'remote-host'?: string;
  'local-id'?: string;
  'remote-id'?: string;
  initiator?: string;
  established?: string;
  'tasks-active'?: string[];
  'child-sas'?: Record<string, ChildSaInfo>;
  [key: string]: unknown;
}

/** ike-updown / child-updown: `up = yes` only on up; a down event has no `up` key at all. */
export interface UpdownEvent {
  up?: string;
  [ikeName: string]: IkeSaInfo | string | undefined;
}

export interface ViciEventMap {
  'ike-updown': UpdownEvent;
  'child-updown': UpdownEvent;
  'ike-rekey': ViciMessage;
  'child-rekey': ViciMessage;
  'ike-update': ViciMessage;
  log: LogEvent;
  'control-log': LogEvent;
  'list-sa': ViciMessage;
  'list-conn': ViciMessage;
  'list-policy': ViciMessage;
  'list-cert': ViciMessage;
  'list-authority': ViciMessage;
}
export type ViciEventName = keyof ViciEventMap;

export interface VersionInfo {
  daemon: string;
  version: string;
  sysname: string;
  release: string;
  machine: string;
}

/** One entry of list-conns: a connection as charon holds it. */
export type ConnInfo = ViciMessage;

/** The IKE_SA list-sas returned for one connection name. */
export type IkeSaMap = Record<string, IkeSaInfo[]>;
