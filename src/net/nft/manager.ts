/**
 * Owns `table inet corridor` in one network namespace (the host's when none is given) and nothing else:
 * every command names that table. Operations are serialised so a session update never interleaves
 * with a table replace.
 */
import { exec, execChecked, NetCommandError } from '../exec.js';
import { NftShell } from './shell.js';
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
  private readonly shell: NftShell;
  /** policy set names of the table as last applied, found up to date, or read by this manager */
  private knownSets: ReadonlySet<string> | undefined;

  constructor(private readonly opts: NftManagerOptions = {}) {
    this.shell = new NftShell(opts.namespace);
  }

  /** Starts the running nft of the fast path now, so that the first session does not wait for it. */
  warmUp(): void {
    this.shell.warmUp();
  }

  /** Ends the running nft of the fast path (the table stays). */
  close(): void {
    this.shell.close();
  }

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
      const sets = new Set(spec.policies.map((p) => policySetName(p.name)));
      if (listing !== undefined && hashOfListing(listing) === hash) {
        this.knownSets = sets;
        return { changed: false, hash };
      }
      const elements = listing === undefined ? new Map<string, string[]>() : await this.readSets();
      this.knownSets = undefined;
      await this.nft(renderTransaction(spec, { elements }));
      this.knownSets = sets;
      return { changed: true, hash };
    });
  }

  /**
   * Makes every policy set of the table hold exactly the addresses given for its policy (none when the
   * policy is not in the map), in one transaction and one nft run: this is on the path between a client's
   * tunnel coming up and its first packet to the LAN. A policy the table has no set for (not applied yet)
   * grants nothing and is returned in `unknown`; the other sets are written all the same, so that an
   * address leaving a set never waits for it.
   */
  setPolicyMembers(members: ReadonlyMap<string, readonly string[]>): Promise<{ unknown: string[] }> {
    return this.serial(async () => {
      const unknownIn = (sets: ReadonlySet<string>) => [...members.keys()].filter((p) => !sets.has(policySetName(p)));
      let sets = this.knownSets;
      let fresh = false;
      // set names remembered from this manager's last apply, without asking the kernel; asked when they do
      // not cover the policies (another manager may have applied a newer table)
      if (!sets || unknownIn(sets).length > 0) {
        sets = await this.kernelSets();
        fresh = true;
      }
      try {
        await this.writeMembers(sets, members);
      } catch (err) {
        // a remembered set that is gone (someone else replaced the table) fails the run: ask and retry once
        if (fresh || (err instanceof NetCommandError && err.result.timedOut)) throw err;
        sets = await this.kernelSets();
        await this.writeMembers(sets, members);
      }
      return { unknown: unknownIn(sets) };
    });
  }

  /** Deletes the table (a no-op when absent); other tables are never touched. */
  remove(): Promise<void> {
    return this.serial(async () => {
      this.knownSets = undefined;
      this.shell.close();
      await this.nft(`table ${TABLE} { }\ndelete table ${TABLE}\n`);
    });
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

  private async kernelSets(): Promise<ReadonlySet<string>> {
    this.knownSets = new Set((await this.readSets()).keys());
    return this.knownSets;
  }

  /** Through the running nft first (the connect path); with `nft -f`, which names any error, when that fails. */
  private async writeMembers(sets: ReadonlySet<string>, members: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const commands = membershipCommands(sets, members);
    if (!commands.length) return;
    try {
      await this.shell.run(commands);
    } catch {
      await this.nft(`${commands.join('\n')}\n`);
    }
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

/** flush + add for every set of the table, one nft transaction: no set is ever seen empty in between. */
function membershipCommands(sets: ReadonlySet<string>, members: ReadonlyMap<string, readonly string[]>): string[] {
  const wanted = new Map([...members].map(([policy, addrs]) => [policySetName(policy), [...new Set(addrs.map(ipv4Address))].sort()]));
  return [...sets].sort().flatMap((set) => {
    const elems = wanted.get(set) ?? [];
    return [`flush set ${TABLE} ${set}`, ...(elems.length ? [`add element ${TABLE} ${set} { ${elems.join(', ')} }`] : [])];
  });
}
