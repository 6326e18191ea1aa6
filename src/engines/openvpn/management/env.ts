/**
 * A client's ENV block from the management interface. OpenVPN sends the password in clear text among
 * the other variables; it is held in a private field so that no toString, JSON.stringify, util.inspect
 * or structured log of the environment can carry it.
 */
import { inspect } from 'node:util';

const SECRET_KEYS = new Set(['password']);

export class ClientEnv {
  readonly #vars = new Map<string, string>();
  #password: string | undefined;

  /** Adds one `key=value` line (the text after `>CLIENT:ENV,`). */
  add(line: string): void {
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? '' : line.slice(eq + 1);
    if (SECRET_KEYS.has(key)) this.#password = value;
    else this.#vars.set(key, value);
  }

  get(key: string): string | undefined {
    return this.#vars.get(key);
  }

  /** The clear-text password; read it only to verify it. Undefined when OpenVPN sent none. */
  password(): string | undefined {
    return this.#password;
  }

  get commonName(): string | undefined {
    return this.#vars.get('common_name');
  }

  /** Empty usernames (certificate-only clients) read as undefined. */
  get username(): string | undefined {
    return this.#vars.get('username') || undefined;
  }

  /** "ip:port" of the client as OpenVPN saw it, before authentication. */
  get realAddress(): string | undefined {
    const ip = this.#vars.get('untrusted_ip') ?? this.#vars.get('trusted_ip');
    const port = this.#vars.get('untrusted_port') ?? this.#vars.get('trusted_port');
    if (!ip) return undefined;
    return port ? `${ip}:${port}` : ip;
  }

  /** Serial of the client certificate, decimal as OpenVPN prints it. */
  get certificateSerial(): string | undefined {
    return this.#vars.get('tls_serial_0');
  }

  get certificateSerialHex(): string | undefined {
    return this.#vars.get('tls_serial_hex_0');
  }

  /** Variables without the password. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.#vars);
  }

  toString(): string {
    return `ClientEnv(${this.#vars.size} vars, cn=${this.commonName ?? '-'})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
