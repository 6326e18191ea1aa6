/**
 * One error shape for every route, mapped here and nowhere else:
 *   { error: <code>, message: <what went wrong, for people>, issues?: [{ path, message }], ...extra }
 * - CorridorError: its own status and code (400 validation with issues, 401, 403, 404, 409, 423, ...)
 * - Fastify's request errors (bad JSON, wrong media type, body too large): 4xx `validation`/`request`
 * - an engine refusing a command (charon's errmsg, an OpenVPN management ERROR, a failed host command):
 *   502 `engine-refused`, with `engine` naming which and the engine's own reason in `message`
 * - an engine not reachable (socket down, not attached, timed out): 503 `engine-unavailable`, `engine`
 * - anything else: 500 `internal`, logged, with no detail in the answer
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { CorridorError, errorLang, localizeValidation } from '../core/errors.js';
import { ViciCommandError, ViciConnectionError, ViciTimeoutError, ViciUnknownCommandError } from '../engines/strongswan/vici/errors.js';
import { ManagementCommandError } from '../engines/openvpn/management/replies.js';
import { ManagementNotAttachedError } from '../engines/openvpn/management/client.js';
import { NetCommandError } from '../net/exec.js';

interface EngineFailure {
  status: 502 | 503;
  error: 'engine-refused' | 'engine-unavailable';
  engine: 'strongswan' | 'openvpn' | 'host';
  message: string;
}

/** The engine errors the adapters throw, as answers; undefined for anything that is not one. */
export function engineFailure(err: unknown): EngineFailure | undefined {
  if (err instanceof ViciCommandError) return { status: 502, error: 'engine-refused', engine: 'strongswan', message: `strongSwan refused ${err.command}: ${err.errmsg}` };
  if (err instanceof ViciUnknownCommandError) return { status: 502, error: 'engine-refused', engine: 'strongswan', message: err.message };
  if (err instanceof ViciConnectionError || err instanceof ViciTimeoutError) return { status: 503, error: 'engine-unavailable', engine: 'strongswan', message: `strongSwan is not answering: ${err.message}` };
  if (err instanceof ManagementCommandError) return { status: 502, error: 'engine-refused', engine: 'openvpn', message: `OpenVPN refused ${err.command}: ${err.reply}` };
  if (err instanceof ManagementNotAttachedError) return { status: 503, error: 'engine-unavailable', engine: 'openvpn', message: 'OpenVPN is not running or its management interface is not attached' };
  if (err instanceof NetCommandError) return { status: 502, error: 'engine-refused', engine: 'host', message: err.message };
  return undefined;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CorridorError | Error, req, reply) => {
    if (err instanceof CorridorError) {
      const { message, issues } = localizeValidation(err, errorLang(req.headers['accept-language'], req.principal?.lang));
      return reply.status(err.status).send({ error: err.code, message, ...(issues.length ? { issues } : {}), ...err.extra });
    }
    const engine = engineFailure(err);
    if (engine) {
      req.log.warn({ err }, 'engine failure');
      return reply.status(engine.status).send({ error: engine.error, message: engine.message, engine: engine.engine });
    }
    const fe = err as FastifyError;
    if (fe.statusCode === 429) return reply.status(429).send({ error: 'rate-limited', message: fe.message });
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fe.statusCode === 400 && fe.code?.startsWith('FST_'))) {
      return reply.status(400).send({ error: 'validation', message: fe.message, issues: [{ path: '', message: fe.message }] });
    }
    if (fe.statusCode && fe.statusCode < 500) return reply.status(fe.statusCode).send({ error: 'request', message: fe.message });
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'internal error; see the daemon log' });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
}
