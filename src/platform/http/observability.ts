import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'
import { Forbidden } from './errors.ts'
import './request-types.ts'

export interface ObservabilityOptions {
  isReady: () => Promise<boolean>
  /** When set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined
}

/**
 * Liveness, readiness and Prometheus metrics. These routes are public by design (orchestrators and scrapers
 * have no user), carry no personal data, and skip the identity lookup.
 */
export const observability = fp<ObservabilityOptions>(
  (app: FastifyInstance, options: ObservabilityOptions, done) => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry, prefix: 'tally_' })
    const duration = new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    })

    app.addHook('onResponse', (request, reply, next) => {
      const route = request.routeOptions.url ?? 'unmatched'
      duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
      next()
    })

    app.get('/health/live', { config: { permission: 'public' } }, () => ({ status: 'ok' }))

    app.get('/health/ready', { config: { permission: 'public' } }, async (_request, reply) => {
      const ready = await options.isReady()
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', checks: { database: ready ? 'ok' : 'unavailable' } })
    })

    app.get('/metrics', { config: { permission: 'public' } }, async (request, reply) => {
      if (options.metricsToken && request.headers.authorization !== `Bearer ${options.metricsToken}`) {
        throw new Forbidden('Metrics need the metrics token')
      }
      return reply.type(registry.contentType).send(await registry.metrics())
    })
    done()
  },
  { name: 'tally-observability' },
)
