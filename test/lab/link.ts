import { addDelay } from './faults.js';
import type { Fault } from './faults.js';
import type { Host } from './host.js';
import { pollUntil } from './proc.js';

export type Side = 'a' | 'b' | 'both';

/** A veth pair between two hosts: ifA lives in a, ifB in b. */
export class Link {
  constructor(
    readonly a: Host,
    readonly b: Host,
    readonly ifA: string,
    readonly ifB: string,
  ) {}

  private ends(side: Side): Array<{ host: Host; dev: string }> {
    if (side !== 'a' && side !== 'b' && side !== 'both') throw new Error(`side must be a, b or both: ${String(side)}`);
    const ends: Array<{ host: Host; dev: string }> = [];
    if (side !== 'b') ends.push({ host: this.a, dev: this.ifA });
    if (side !== 'a') ends.push({ host: this.b, dev: this.ifB });
    return ends;
  }

  /** Administratively down; the fault's heal() is up(side). Downing either end cuts the carrier of both. */
  async down(side: Side = 'both'): Promise<Fault> {
    await Promise.all(this.ends(side).map((e) => e.host.ipCmd(['link', 'set', 'dev', e.dev, 'down'])));
    let healed = false;
    return {
      description: `link ${this.a.name}-${this.b.name} down (${side})`,
      heal: async () => {
        if (healed) return;
        healed = true;
        await this.up(side);
      },
    };
  }

  /**
   * Brings the end(s) up, waits until both ends report carrier, then puts back the routes the lab
   * installed on both hosts: the kernel deletes routes through a device that goes down.
   */
  async up(side: Side = 'both'): Promise<void> {
    await Promise.all(this.ends(side).map((e) => e.host.ipCmd(['link', 'set', 'dev', e.dev, 'up'])));
    for (const e of this.ends('both')) {
      await pollUntil(`${e.dev} in ${e.host.ns} to be up`, async () => {
        const out = await e.host.ipCmd(['-o', 'link', 'show', 'dev', e.dev]);
        return /state UP/.test(out) ? true : undefined;
      });
    }
    await Promise.all([this.a.restoreRoutes(), this.b.restoreRoutes()]);
  }

  /** Egress delay on the chosen end(s); LabUnsupportedError without netem. */
  async delay(ms: number, side: Side = 'both'): Promise<Fault> {
    const faults: Fault[] = [];
    try {
      for (const e of this.ends(side)) {
        faults.push(await addDelay((argv, o) => e.host.exec(argv, o), [e.dev], ms, `${e.dev} delay ${ms} ms`));
      }
    } catch (err) {
      await Promise.all(faults.map((f) => f.heal()));
      throw err;
    }
    return {
      description: `link ${this.a.name}-${this.b.name} delay ${ms} ms (${side})`,
      heal: async () => {
        await Promise.all(faults.map((f) => f.heal()));
      },
    };
  }
}
