/** JSON logs (pino) for ELK/Loki; pretty output when asked for or on a terminal. */
import pino, { type Logger } from 'pino';

/** field names that hold secrets anywhere in Corridor (at any of the first three levels of a log object) */
const SECRET_KEYS = ['password', 'psk', 'secret', 'token', 'totpSecret', 'keyPem', 'privateKey', 'passphrase', 'sessionId', 'tlsCryptKey'];

export function createLogger(opts: { level: string; pretty: boolean }): Logger {
  const pretty = opts.pretty || (process.stdout.isTTY && process.env.CORRIDOR_LOG_PRETTY !== '0');
  return pino({
    level: opts.level,
    base: { service: 'corridor' },
    // defence in depth: whatever a caller passes, these keys never reach a log line
    redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat(['req.headers.cookie', 'req.headers.authorization']), censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'service,hostname' } } } : {}),
  });
}
