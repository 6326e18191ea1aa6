export interface PingResult {
  transmitted: number;
  received: number;
  /** Percent, as ping reports it (0–100). */
  loss: number;
  /** Round-trip times in ms; undefined when nothing came back. */
  rtt?: { min: number; avg: number; max: number; mdev: number };
  /** ping's exit code: 0 some reply, 1 no reply, 2 nothing sent (see error). */
  code: number;
  /** Why nothing was sent, e.g. 'Network is unreachable' when the host has no route. */
  error?: string;
  output: string;
}

/** Parses the summary of iputils ping; undefined when there is none (ping failed before sending). */
export function parsePing(output: string, code: number): PingResult | undefined {
  const summary = /(\d+) packets transmitted, (\d+) received(?:, \+\d+ duplicates)?(?:, \+\d+ errors)?, ([\d.]+)% packet loss/.exec(
    output,
  );
  if (!summary) return undefined;
  const result: PingResult = {
    transmitted: Number(summary[1]),
    received: Number(summary[2]),
    loss: Number(summary[3]),
    code,
    output,
  };
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(output);
  if (rtt) {
    result.rtt = { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]), mdev: Number(rtt[4]) };
  }
  return result;
}
