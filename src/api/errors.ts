import type { FastifyError, FastifyInstance } from 'fastify';
import { CorridorError, errorLang, localizeValidation } from '../core/errors.js';

/** One error shape for every route: {error, message, issues?, ...extra}. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CorridorError | Error, req, reply) => {
    if (err instanceof CorridorError) {
      const { message, issues } = localizeValidation(err, errorLang(req.headers['accept-language'], req.principal?.lang));
      return reply.status(err.status).send({ error: err.code, message, ...(issues.length ? { issues } : {}), ...err.extra });
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
