import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isApiRequest, Unauthenticated } from './access.ts'
import { Conflict, Forbidden, NotFound, ValidationFailed, type FieldError } from './errors.ts'
import './request-types.ts'

export interface ErrorHandlerOptions {
  /** Show error details on the 500 page (never in production). */
  showDetails: boolean
}

interface Problem {
  status: number
  title: string
  detail?: string
  errors?: readonly FieldError[]
  [extra: string]: unknown
}

/** Fastify's schema validation errors, as field errors named by their property path. */
function schemaFieldErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => {
    const missing = issue.params as { requiredProperties?: string[]; missingProperty?: string } | undefined
    const property = missing?.missingProperty ?? missing?.requiredProperties?.[0]
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    const field = [error.validationContext === 'body' ? '' : error.validationContext, path, property]
      .filter(Boolean)
      .join('.')
    return {
      field: field || String(error.validationContext ?? 'request'),
      message: property ? `${property} is required` : (issue.message ?? 'is invalid'),
    }
  })
}

function problemFor(error: FastifyError | Error): Problem | undefined {
  if (error instanceof ValidationFailed) {
    return { status: 400, title: 'The request has invalid fields', errors: error.fieldErrors }
  }
  if ('validation' in error && error.validation) {
    return { status: 400, title: 'The request has invalid fields', errors: schemaFieldErrors(error) }
  }
  if (error instanceof NotFound) {
    return { status: 404, title: 'Not found', detail: error.message }
  }
  if (error instanceof Forbidden) {
    return { status: 403, title: 'Forbidden', detail: error.message }
  }
  if (error instanceof Unauthenticated) {
    return { status: 401, title: 'Unauthenticated', detail: error.message }
  }
  if (error instanceof Conflict) {
    return { status: 409, title: 'Conflict', detail: error.message, ...error.details }
  }
  const stored = unstorableValue(error)
  if (stored) {
    return stored
  }
  const status = (error as FastifyError).statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, title: error.name, detail: error.message }
  }
  return undefined
}

/**
 * A value the database refused as data (SQLSTATE class 22: out of range, not valid text for its type) or as too big
 * to index (54000). Schemas and the input checks should stop these first; this is the backstop that keeps them a
 * 400 rather than a 500, naming the column when PostgreSQL says which.
 */
function unstorableValue(error: Error): Problem | undefined {
  const { code, column } = error as { code?: unknown; column?: unknown }
  if (typeof code !== 'string' || !(/^22[0-9A-Z]{3}$/.test(code) || code === '54000')) {
    return undefined
  }
  const field = typeof column === 'string' ? column : 'request'
  return {
    status: 400,
    title: 'The request has a value Tally cannot store',
    errors: [{ field, message: `${field} has a value that is out of range or not valid for it` }],
  }
}

/**
 * One place turns errors into responses: a JSON problem (RFC 9457) for the API, a GOV.UK page for people.
 * Expected errors keep their message; anything else is logged with the request id and shown as a plain 500.
 */
export const errorHandler = fp<ErrorHandlerOptions>(
  (app: FastifyInstance, options: ErrorHandlerOptions, done) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = problemFor(error)
      if (problem?.title === 'The request has a value Tally cannot store') {
        // A schema is missing a bound or a format: worth fixing, though the person got a fair answer.
        request.log.warn({ err: error }, 'the database refused a value the request schema let through')
      } else if (!problem) {
        request.log.error({ err: error }, 'request failed')
      } else if (problem.status >= 500) {
        request.log.error({ err: error }, 'request failed')
      }
      const status = problem?.status ?? 500

      if (isApiRequest(request)) {
        if (status === 401) {
          void reply.header('www-authenticate', 'Bearer realm="tally"')
        }
        return reply
          .status(status)
          .type('application/problem+json')
          .send(
            problem
              ? { ...problem, requestId: request.id }
              : { status: 500, title: 'Internal Server Error', requestId: request.id },
          )
      }

      if (status === 401) {
        const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : ''
        return reply.redirect(`/sign-in${returnTo}`, 303)
      }
      void reply.status(status)
      switch (status) {
        case 403:
          return reply.render('pages/forbidden.njk', {
            message: error instanceof Forbidden ? error.message : undefined,
          })
        case 404:
          return reply.render('pages/not-found.njk')
        case 409:
          return reply.render('pages/conflict.njk', { message: error.message, back: request.headers.referer })
        default:
          if (problem) {
            return reply.render('pages/problem.njk', { problem, back: request.headers.referer })
          }
          return reply.render('pages/error.njk', { detail: options.showDetails ? error.stack : undefined })
      }
    })

    app.setNotFoundHandler((request, reply) => {
      if (isApiRequest(request)) {
        return reply
          .status(404)
          .type('application/problem+json')
          .send({ status: 404, title: 'Not found', requestId: request.id })
      }
      return reply.status(404).render('pages/not-found.njk')
    })
    done()
  },
  { name: 'tally-error-handler', dependencies: ['tally-pages'] },
)
