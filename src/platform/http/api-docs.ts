import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

interface OpenApiOperation {
  summary?: string
  description?: string
  tags?: string[]
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}

/**
 * The OpenAPI 3.1 document, generated from the same route schemas that validate requests, at
 * /api/v1/openapi.json, and a readable page of it at /api/v1/docs. Page routes have no tags and stay out of it.
 * Both are public: they describe the API and hold no data.
 */
export const apiDocs = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tally API',
          version: '1',
          description:
            'Crime recording and investigation management. Authenticate with `Authorization: Bearer <token>`; an administrator creates tokens under Accounts → API tokens. Every request acts in the token’s force with the token’s role. Errors are RFC 9457 problem documents naming each invalid field.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      hideUntagged: true,
    })

    app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, () => app.swagger())

    app.get('/api/v1/docs', { config: { permission: 'public' }, schema: { hide: true } }, (_request, reply) => {
      const document = app.swagger() as {
        info: { title: string; description?: string }
        paths?: Record<string, Record<string, OpenApiOperation>>
      }
      const groups = new Map<string, Array<Record<string, unknown>>>()
      for (const [path, operations] of Object.entries(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations)) {
          const tag = operation.tags?.[0] ?? 'other'
          const body = operation.requestBody?.content?.['application/json']?.schema
          const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => ({
            status,
            description: response.description,
            schema: response.content?.['application/json']?.schema,
          }))
          groups.set(tag, [
            ...(groups.get(tag) ?? []),
            {
              id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-'),
              method: method.toUpperCase(),
              path,
              summary: operation.summary,
              description: operation.description,
              parameters: operation.parameters ?? [],
              body: body ? JSON.stringify(body, null, 2) : undefined,
              responses: responses.map((r) => ({
                ...r,
                schema: r.schema ? JSON.stringify(r.schema, null, 2) : undefined,
              })),
            },
          ])
        }
      }
      return reply.render('pages/api-docs.njk', {
        info: document.info,
        groups: [...groups.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([tag, operations]) => ({ tag, operations })),
      })
    })
  },
  { name: 'tally-api-docs', dependencies: ['tally-pages'] },
)
