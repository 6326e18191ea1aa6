/** Every DDNS protocol by provider kind. */
import type { DdnsProvider } from '../../../core/model/index.js';
import type { DdnsProtocol } from '../types.js';
import { alidns } from './alidns.js';
import { cloudflare } from './cloudflare.js';
import { dnspod } from './dnspod.js';
import { duckdns } from './duckdns.js';
import { dyndns2, noip } from './dyndns2.js';
import { rfc2136 } from './rfc2136.js';

export const PROTOCOLS: Record<DdnsProvider['kind'], DdnsProtocol> = { rfc2136, dyndns2, noip, duckdns, cloudflare, alidns, dnspod };
