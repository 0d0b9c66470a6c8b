import type { FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { asList, handleForm, submitForm } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import type { QueueVictimCare } from './queues.dashboard.pages.ts'
import { QUEUE_ACTION_RULES, type QueueAction, type QueueDefinition } from './queues.rules.ts'
import { BulkForm, ItemParams, QueueParams, QueueQuery } from './queues.schemas.ts'
import type { QueuesServices } from './queues.services.ts'
import type { BulkResult } from './queues.shapes.ts'
import {
  actionFormView,
  backQuery,
  crimeItemView,
  hrefWith,
  pageRequest,
  parseItems,
  queueFrom,
  queueView,
  resultMessage,
} from './queues.views.ts'

/** The action a form names, if this queue offers it; anything else is a form nobody was shown. */
function chosenAction(queue: QueueDefinition, action: string | undefined): QueueAction {
  if (queue.source !== 'crime' || !(queue.actions as readonly string[]).includes(action ?? '')) {
    throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
  }
  return action as QueueAction
}

/** Acting on a queue's crimes: in bulk from the queue page, or one at a time from its quality-check page. */
export function queueWorkRoutes(app: Router, services: QueuesServices, victimCare?: QueueVictimCare) {
  bulkRoutes(app, services)
  itemRoutes(app, services, victimCare)
}

/** Page helpers shared by the bulk routes: the queue again, the action's own form, and what was done. */
function bulkPages({ queues, queueAllocation }: QueuesServices) {
  return {
    async queue(reply: FastifyReply, actor: Actor, queue: QueueDefinition, body: BulkForm, errors: object) {
      const query = backQuery(body.back)
      const page = await queues.queuePage(actor, queue.key, pageRequest(query))
      return reply.status(400).render('queues/views/queue.njk', { ...queueView(page, query), ...errors })
    },
    async actionForm(actor: Actor, queue: QueueDefinition, action: QueueAction, body: BulkForm) {
      const chosen = await queues.chosen(actor, queue.key, parseItems(body.items))
      const allocation =
        QUEUE_ACTION_RULES[action].input === 'assignment'
          ? await queueAllocation.allocation(actor, { unitId: body.candidateUnit || undefined })
          : undefined
      const checklist = queues.filingChecklist()
      return actionFormView({ queue, action, chosen, allocation, body, checklist, now: queues.now() })
    },
    done(reply: FastifyReply, queue: QueueDefinition, result: BulkResult, body: BulkForm) {
      const query = backQuery(body.back)
      if (result.notDone.length === 0) {
        return reply.flash(resultMessage(result)).redirect(hrefWith(`/queues/${queue.key}`, query, {}), 303)
      }
      return reply.status(result.done.length === 0 ? 409 : 200).render('queues/views/result.njk', {
        queue: { key: queue.key, label: queue.label },
        doneMessage: result.done.length > 0 ? resultMessage(result) : null,
        done: result.done,
        notDone: result.notDone,
        conflicts: result.notDone.filter((item) => item.conflict).length,
        backHref: `/queues/${queue.key}${hrefWith('', query, {})}`,
      })
    },
  }
}

function bulkRoutes(app: Router, services: QueuesServices) {
  const { queueActions } = services
  const pages = bulkPages(services)

  app.post(
    '/queues/:queue/bulk',
    { config: { permission: 'queues.work' }, schema: { params: QueueParams, body: BulkForm } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const body = request.body
      const items = parseItems(body.items)
      if (items.length === 0) {
        return pages.queue(reply, request.actor, queue, body, {
          errors: [{ text: 'Select at least one crime', href: '#items' }],
        })
      }
      const action = chosenAction(queue, body.action)
      if (QUEUE_ACTION_RULES[action].input !== 'none') {
        return reply.render('queues/views/action.njk', await pages.actionForm(request.actor, queue, action, body))
      }
      const result = await submitForm(() => queueActions.bulkAct(request.actor, queue.key, action, items))
      if (!result.ok) {
        return pages.queue(reply, request.actor, queue, body, { errors: result.errors })
      }
      return pages.done(reply, queue, result.value, body)
    },
  )

  app.post(
    '/queues/:queue/bulk/apply',
    { config: { permission: 'queues.work' }, schema: { params: QueueParams, body: BulkForm } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const body = request.body
      const action = chosenAction(queue, body.action)
      const result = await submitForm(() =>
        queueActions.bulkAct(request.actor, queue.key, action, parseItems(body.items), {
          reason: body.reason,
          assignedUserId: body.assignedUserId,
          assignedUnitId: body.assignedUnitId,
          checklist: asList(body.checklist),
        }),
      )
      if (!result.ok) {
        return reply.status(400).render('queues/views/action.njk', {
          ...(await pages.actionForm(request.actor, queue, action, body)),
          errors: result.errors,
          fieldErrors: result.fieldErrors,
        })
      }
      return pages.done(reply, queue, result.value, body)
    },
  )
}

function itemRoutes(app: Router, { queues, queueActions, queueAllocation }: QueuesServices, care?: QueueVictimCare) {
  const itemModel = async (actor: Actor, queue: QueueDefinition, crimeId: string) => ({
    ...crimeItemView(queue, await queues.item(actor, queue.key, crimeId), queues.filingChecklist()),
    victimsCode: await care?.compliance(actor, crimeId),
  })

  app.get(
    '/queues/:queue/items/:crimeId',
    { config: { permission: 'queues.view' }, schema: { params: ItemParams } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      return reply.render('queues/views/item.njk', await itemModel(request.actor, queue, request.params.crimeId))
    },
  )

  app.get(
    '/queues/:queue/items/:crimeId/allocate',
    { config: { permission: 'queues.work' }, schema: { params: ItemParams, querystring: QueueQuery } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const { view, actions } = await queues.item(request.actor, queue.key, request.params.crimeId)
      if (!actions.includes('allocate')) {
        throw ValidationFailed.of('action', 'This crime cannot be allocated from this queue now')
      }
      const chosen = await queues.chosen(request.actor, queue.key, [
        { crimeId: view.crime.crimeId, expectedVersion: view.crime.version },
      ])
      const candidateUnit = request.query.unit
      const allocation = await queueAllocation.allocation(request.actor, { unitId: candidateUnit || undefined })
      const body = {
        items: `${view.crime.crimeId}:${view.crime.version}`,
        action: 'allocate',
        back: '',
        ...(candidateUnit ? { candidateUnit } : {}),
      }
      const checklist = queues.filingChecklist()
      return reply.render(
        'queues/views/action.njk',
        actionFormView({ queue, action: 'allocate', chosen, allocation, body, checklist, now: queues.now() }),
      )
    },
  )

  app.post(
    '/queues/:queue/items/:crimeId',
    { config: { permission: 'queues.work' }, schema: { params: ItemParams, body: BulkForm } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const body = request.body
      const action = chosenAction(queue, body.action)
      const [item] = parseItems(body.items)
      const checklist = asList(body.checklist)
      return handleForm(reply, {
        submit: () =>
          queueActions.actOn(request.actor, queue.key, request.params.crimeId, action, item?.expectedVersion ?? 0, {
            reason: body.reason,
            checklist,
          }),
        invalid: async () => {
          const model = await itemModel(request.actor, queue, request.params.crimeId)
          const checklistItems = model.checklistItems.map((check) => ({
            ...check,
            checked: checklist.includes(check.value),
          }))
          return { template: 'queues/views/item.njk', model: { ...model, values: body, checklistItems } }
        },
        done: (done) => {
          const next = QUEUE_ACTION_RULES[action].continueIn
          return {
            flash: `${done.crimeReference} ${QUEUE_ACTION_RULES[action].done}`,
            redirect: next ? `/queues/${next}/items/${request.params.crimeId}` : `/queues/${queue.key}`,
          }
        },
      })
    },
  )
}
