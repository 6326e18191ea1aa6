/**
 * JSON request bodies with bounded nesting. Code that walks a body recursively (the merge of a PATCH,
 * zod, secret redaction) would overflow the stack on a few thousand nested brackets and answer 500; the
 * depth is checked on the text, before parsing, and refused with a 400 that says why.
 */
import type { FastifyInstance } from 'fastify';
import { validationError } from '../core/errors.js';

/** Far deeper than any resource (a gateway's WAN link fields are 3 levels down). */
export const MAX_JSON_DEPTH = 64;

/** Deepest bracket nesting of a JSON text; brackets inside strings do not count. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

export function installJsonBodyParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  // Fastify's own parser (prototype-poisoning checks included) does the parsing
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    if (jsonDepth(text) > maxDepth) return done(validationError([{ path: '', message: `JSON nested deeper than ${maxDepth} levels` }]), undefined);
    return parse(req, text, done);
  });
}
