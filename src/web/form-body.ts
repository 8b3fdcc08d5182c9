import express, { type RequestHandler } from 'express';

// What body-parser's type check (type-is) can take for a form: the type, any case, then
// parameters or nothing. Anything else it would skip after parsing the header itself.
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * express.urlencoded({ extended: false, limit }) for form posts only: every other request
 * (JSON API calls, reads) skips body-parser's checks, which were about 1 % of the server's
 * time per request under the load bench (issue #15). A form goes to express.urlencoded whole,
 * so its limit and refusals stay body-parser's.
 */
export function formBody(limitBytes: number): RequestHandler {
  const parser = express.urlencoded({ extended: false, limit: limitBytes });
  return function formBody(req, res, next) {
    const type = req.headers['content-type'];
    if (type === undefined || !FORM_TYPE.test(type)) {
      next();
      return;
    }
    parser(req, res, next);
  };
}
