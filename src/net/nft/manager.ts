/**
 * Owns `table inet corridor` in one network namespace (the host's when none is given) and nothing else:
 * every command names that table. Operations are serialised so a session update never interleaves
 * with a table replace.
 */
import { exec, execChecked } from '../exec.js';
import {
  hashOfListing,
  ipv4Address,
  policySetName,
  renderTransaction,
  rulesetHash,
  TABLE_FAMILY,
  TABLE_NAME,
} from './render.js';
import type { Gateway } from '../../core/model/index.js';
import type { NftRulesetSpec } from './spec.js';

export interface NftManagerOptions {
  namespace?: string | undefined;
}

export interface ApplyResult {
  changed: boolean;
  hash: string;
}

const TABLE = `${TABLE_FAMILY} ${TABLE_NAME}`;

interface NftJsonSet {
  set?: { name?: string; table?: string; family?: string; elem?: unknown[] };
}

export class NftManager {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: NftManagerOptions = {}) {}

  /** The table of a gateway lives in the gateway's namespace when it has one, else in the host's. */
  static forGateway(gateway: Pick<Gateway, 'namespace'>): NftManager {
    return new NftManager({ namespace: gateway.namespace });
  }

  get namespace(): string | undefined {
    return this.opts.namespace;
  }

  /**
   * Replaces the whole table in one transaction unless the table already carries this spec's hash.
   * Client addresses of sets that exist before and after are carried over, so sessions keep access.
   */
  applyRuleset(spec: NftRulesetSpec): Promise<ApplyResult> {
    return this.serial(async () => {
      const hash = rulesetHash(spec);
      const listing = await this.listing();
      if (listing !== undefined && hashOfListing(listing) === hash) return { changed: false, hash };
      const elements = listing === undefined ? new Map<string, string[]>() : await this.readSets();
      await this.nft(renderTransaction(spec, { elements }));
      return { changed: true, hash };
    });
  }

  /** Makes the set of one policy hold exactly these client addresses. */
  setSessionAddresses(policyName: string, addresses: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const set = policySetName(policyName);
      const sets = await this.readSets();
      if (!sets.has(set)) throw new Error(`no access policy ${policyName} in the applied ruleset`);
      const elems = [...new Set(addresses.map(ipv4Address))];
      await this.nft(
        [`flush set ${TABLE} ${set}`, ...(elems.length ? [`add element ${TABLE} ${set} { ${elems.join(', ')} }`] : [])].join('\n') + '\n',
      );
    });
  }

  /**
   * Puts a client's tunnel address into the sets of exactly these policies (and out of all others),
   * in one transaction. Policies not in the applied ruleset are refused.
   */
  addClient(address: string, policies: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const addr = ipv4Address(address);
      const sets = await this.readSets();
      const wanted = new Set(policies.map(policySetName));
      for (const set of wanted) if (!sets.has(set)) throw new Error(`no access policy set ${set} in the applied ruleset`);
      await this.nft(membershipCommands(addr, [...sets.keys()], wanted));
    });
  }

  /** Takes a client's tunnel address out of every policy set. */
  removeClient(address: string): Promise<void> {
    return this.serial(async () => {
      const addr = ipv4Address(address);
      const sets = await this.readSets();
      if (sets.size === 0) return;
      await this.nft(membershipCommands(addr, [...sets.keys()], new Set()));
    });
  }

  /** Deletes the table (a no-op when absent); other tables are never touched. */
  remove(): Promise<void> {
    return this.serial(() => this.nft(`table ${TABLE} { }\ndelete table ${TABLE}\n`));
  }

  /** `nft list table inet corridor`, or undefined when there is no such table. */
  listing(): Promise<string | undefined> {
    return exec(['nft', 'list', 'table', TABLE_FAMILY, TABLE_NAME], { namespace: this.opts.namespace }).then((r) => {
      if (r.code === 0) return r.stdout;
      if (/No such file or directory/.test(r.stderr)) return undefined;
      throw new Error(`nft list table failed: ${r.stderr.trim()}`);
    });
  }

  /** Policy sets and their client addresses, as the kernel has them. */
  async readSets(): Promise<Map<string, string[]>> {
    const r = await exec(['nft', '-j', 'list', 'sets', 'table', TABLE_FAMILY, TABLE_NAME], { namespace: this.opts.namespace });
    const sets = new Map<string, string[]>();
    if (r.code !== 0) {
      if (/No such file or directory/.test(r.stderr)) return sets;
      throw new Error(`nft list sets failed: ${r.stderr.trim()}`);
    }
    const doc = JSON.parse(r.stdout) as { nftables?: NftJsonSet[] };
    for (const item of doc.nftables ?? []) {
      const s = item.set;
      if (!s?.name || s.table !== TABLE_NAME || s.family !== TABLE_FAMILY || !s.name.startsWith('pol_')) continue;
      sets.set(s.name, (s.elem ?? []).filter((e): e is string => typeof e === 'string'));
    }
    return sets;
  }

  private async nft(script: string): Promise<void> {
    await execChecked(['nft', '-f', '-'], { namespace: this.opts.namespace, input: script });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * `add element` of a present element is a no-op and `delete element` of an absent one fails the whole
 * transaction, so removal is written as add-then-delete: it succeeds whether or not the address was there.
 */
function membershipCommands(address: string, allSets: readonly string[], wanted: ReadonlySet<string>): string {
  const lines: string[] = [];
  for (const set of [...allSets].sort()) {
    lines.push(`add element ${TABLE} ${set} { ${address} }`);
    if (!wanted.has(set)) lines.push(`delete element ${TABLE} ${set} { ${address} }`);
  }
  return lines.join('\n') + '\n';
}
