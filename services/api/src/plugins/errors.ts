import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDataException } from '../repositories/pg-errors.js';

/** Domain errors carry their HTTP status; everything else is a 500 logged with the request. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function errorHandler(err: FastifyError | HttpError, req: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      field: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message,
    }));
    void reply.status(400).send({
      error: 'Bad Request',
      message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      issues,
    });
    return;
  }
  if (err instanceof HttpError) {
    void reply.status(err.statusCode).send({ error: STATUS_CODES[err.statusCode] ?? 'Error', message: err.message, ...err.details });
    return;
  }
  // A value the schema let through but Postgres refuses (a NUL character, a date beyond its range).
  if (isDataException(err)) {
    req.log.warn({ err: err.message }, 'request value refused by the database');
    void reply.status(400).send({ error: 'Bad Request', message: `invalid value: ${err.message}` });
    return;
  }
  const status = err.statusCode ?? 500;
  if (status >= 500) req.log.error({ err }, 'request failed');
  void reply.status(status).send({ error: status >= 500 ? 'Internal Server Error' : err.name, message: status >= 500 ? 'internal error' : err.message });
}
