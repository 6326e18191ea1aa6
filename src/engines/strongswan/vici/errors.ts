/** Malformed bytes or a tree that cannot be encoded. */
export class ViciProtocolError extends Error {
  override name = 'ViciProtocolError';
}

/** charon answered `success = no`; message is charon's own errmsg. */
export class ViciCommandError extends Error {
  override name = 'ViciCommandError';
  /** control-log lines charon streamed before failing (initiate/terminate): the reason is usually here */
  log: string[] = [];
  constructor(
    readonly command: string,
    readonly errmsg: string,
    readonly response: Record<string, unknown>,
  ) {
    super(`${command}: ${errmsg}`);
  }
}

/** CMD_UNKNOWN: this charon has no handler for the command (plugin missing or older version). */
export class ViciUnknownCommandError extends Error {
  override name = 'ViciUnknownCommandError';
  constructor(readonly command: string) {
    super(`${command}: unknown command (CMD_UNKNOWN from charon)`);
  }
}

/** EVENT_UNKNOWN: no such event source. */
export class ViciUnknownEventError extends Error {
  override name = 'ViciUnknownEventError';
  constructor(readonly event: string) {
    super(`${event}: unknown event (EVENT_UNKNOWN from charon)`);
  }
}

export class ViciTimeoutError extends Error {
  override name = 'ViciTimeoutError';
}

/** The socket could not be opened or closed while a request was outstanding. */
export class ViciConnectionError extends Error {
  override name = 'ViciConnectionError';
}
