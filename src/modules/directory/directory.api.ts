import { routes } from '../../platform/http/routes.ts'
import {
  NewUnitBody,
  UnitCreated,
  UnitList,
  UnitListQuery,
  UnitParams,
  UnitResponse,
  UpdateUnitBody,
} from './directory.schemas.ts'
import type { DirectoryService, Unit } from './directory.service.ts'

function toResponse(unit: Unit) {
  return {
    unitId: unit.unitId,
    name: unit.name,
    unitType: unit.unitType,
    function: unit.function,
    location: unit.location,
    hours: unit.hours,
    contact: unit.contact,
    whatToSend: unit.whatToSend,
    takesWork: [...(unit.takesIncidents ? ['incident' as const] : []), ...(unit.takesCrimes ? ['crime' as const] : [])],
    active: unit.active,
    version: unit.version,
    updatedAt: unit.updatedAt.toISOString(),
  }
}

/**
 * The unit directory as JSON, for command-and-control and other systems that route work. Reading needs
 * directory.view (every role); changing needs directory.manage. Mounted at /api/v1/units.
 */
export function directoryApi(directory: DirectoryService) {
  return routes((app) => {
    app.get(
      '/',
      {
        config: { permission: 'directory.view' },
        schema: {
          tags: ['directory'],
          summary: 'Every unit in the force, or only those that take a kind of work',
          querystring: UnitListQuery,
          response: { 200: UnitList },
        },
      },
      async (request) => ({ units: (await directory.listUnits(request.actor, request.query)).map(toResponse) }),
    )

    app.get(
      '/:unitId',
      {
        config: { permission: 'directory.view' },
        schema: { tags: ['directory'], summary: 'One unit', params: UnitParams, response: { 200: UnitResponse } },
      },
      async (request) => toResponse(await directory.getUnit(request.actor, request.params.unitId)),
    )

    app.post(
      '/',
      {
        config: { permission: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: 'Add a unit to the directory',
          body: NewUnitBody,
          response: { 201: UnitCreated },
        },
      },
      async (request, reply) => {
        const created = await directory.createUnit(request.actor, {
          ...request.body,
          active: request.body.active ?? true,
        })
        return reply.status(201).send(created)
      },
    )

    app.put(
      '/:unitId',
      {
        config: { permission: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: 'Change a unit’s entry (409 if someone changed it since you read it)',
          params: UnitParams,
          body: UpdateUnitBody,
          response: { 200: UnitResponse },
        },
      },
      async (request) => {
        await directory.updateUnit(request.actor, request.params.unitId, request.body)
        return toResponse(await directory.getUnit(request.actor, request.params.unitId))
      },
    )
  })
}
