import type { Actor } from '../../platform/auth/actor.ts'
import { handleForm } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { renderChart } from '../../platform/views/charts.ts'
import { formatNumber } from '../../platform/views/format.ts'
import { ageingChart, awaitingFilingChart, complianceChart, holdersChart, trendChart } from './queues.charts.ts'
import type { QueueDashboard } from './queues.dashboard.ts'
import { ThresholdForm } from './queues.schemas.ts'
import type { QueuesServices } from './queues.services.ts'
import { dashboardView } from './queues.views.ts'

/** Victims' Code care for the quality check and the dashboard (the victims module; optional so tests may omit it). */
export interface QueueVictimCare {
  compliance(
    actor: Actor,
    crimeId: string,
  ): Promise<
    { careId: string; open: number; overdue: number; onTime: number; late: number; compliant: boolean } | undefined
  >
  counts(actor: Actor): Promise<{ total: { open: number; overdue: number; dueToday: number } }>
}

/** The supervisor's dashboard (dashboard.view) and its awaiting-filing alert threshold (queues.manage). */
export function queueDashboardRoutes(app: Router, { queueDashboard }: QueuesServices, victimCare?: QueueVictimCare) {
  app.get('/dashboard', { config: { permission: 'dashboard.view' } }, async (request, reply) =>
    reply.render('queues/views/dashboard.njk', {
      ...(await dashboardModel(queueDashboard, request.actor)),
      victimCare: await victimCare?.counts(request.actor),
    }),
  )

  app.post(
    '/dashboard/threshold',
    { config: { permission: 'queues.manage' }, schema: { body: ThresholdForm } },
    async (request, reply) =>
      handleForm(reply, {
        submit: () =>
          queueDashboard.setThreshold(request.actor, {
            threshold: request.body.threshold,
            expectedVersion: Number.parseInt(request.body.version ?? '', 10) || 0,
          }),
        invalid: async () => ({
          template: 'queues/views/dashboard.njk',
          model: {
            ...(await dashboardModel(queueDashboard, request.actor)),
            victimCare: await victimCare?.counts(request.actor),
            thresholdValue: request.body.threshold,
          },
        }),
        done: (threshold) => ({
          flash: `Awaiting-filing alert threshold set to ${formatNumber(threshold.value)}`,
          redirect: '/dashboard',
        }),
      }),
  )
}

async function dashboardModel(queueDashboard: QueueDashboard, actor: Actor) {
  const data = await queueDashboard.dashboard(actor)
  const charts = await Promise.all([
    renderChart(awaitingFilingChart(data.trend, data.threshold.value)),
    renderChart(ageingChart(data.awaitingFiling.buckets)),
    renderChart(trendChart(data.trend)),
    renderChart(complianceChart(data.recording)),
    renderChart(holdersChart(data.holders)),
  ])
  return dashboardView(data, charts)
}
