import { asList, handleForm } from '../../platform/http/forms.ts'
import { selectItems } from '../../platform/views/govuk.ts'
import { routes } from '../../platform/http/routes.ts'
import { UNIT_TYPES, type UnitInput } from './directory.rules.ts'
import { UnitForm, UnitParams } from './directory.schemas.ts'
import type { DirectoryService, Unit } from './directory.service.ts'

/** The form's values, as the form shows them again (after an error, or when editing). */
interface FormValues {
  name: string
  unitType: string
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
  takesWork: string[]
  active: string
  version?: string
}

function fromUnit(unit: Unit): FormValues {
  return {
    name: unit.name,
    unitType: unit.unitType,
    function: unit.function,
    location: unit.location,
    hours: unit.hours,
    contact: unit.contact,
    whatToSend: unit.whatToSend,
    takesWork: [...(unit.takesIncidents ? ['incident'] : []), ...(unit.takesCrimes ? ['crime'] : [])],
    active: unit.active ? 'yes' : 'no',
    version: String(unit.version),
  }
}

function fromForm(body: UnitForm): FormValues {
  return {
    name: body.name,
    unitType: body.unitType,
    function: body.function,
    location: body.location,
    hours: body.hours,
    contact: body.contact,
    whatToSend: body.whatToSend,
    takesWork: asList(body.takesWork),
    active: body.active === 'no' ? 'no' : 'yes',
    ...(body.version === undefined ? {} : { version: body.version }),
  }
}

function toInput(values: FormValues): UnitInput {
  return { ...values, active: values.active !== 'no' }
}

/** The add/edit form's view model: the values and the GOV.UK items for its choices. */
function toFormView(values: FormValues) {
  return {
    values,
    unitTypeItems: selectItems(
      Object.entries(UNIT_TYPES).map(([value, text]) => ({ value, text })),
      values.unitType,
      'Choose the kind of unit',
    ),
    takesWorkItems: [
      {
        value: 'incident',
        text: 'Incidents',
        hint: { text: 'Shown beside incidents in the control room' },
        checked: values.takesWork.includes('incident'),
      },
      {
        value: 'crime',
        text: 'Crime records',
        hint: { text: 'Shown beside crime records where they are passed on' },
        checked: values.takesWork.includes('crime'),
      },
    ],
    activeItems: [
      { value: 'yes', text: 'Yes, it is open and taking work', checked: values.active !== 'no' },
      { value: 'no', text: 'No, it has closed or merged', checked: values.active === 'no' },
    ],
  }
}

function toListView(units: Unit[]) {
  return units.map((unit) => ({
    ...unit,
    href: `/directory/${unit.unitId}`,
    takes: [...(unit.takesIncidents ? ['incidents'] : []), ...(unit.takesCrimes ? ['crimes'] : [])].join(' and '),
  }))
}

/**
 * The unit directory for everyone in the force (directory.view): what each unit does, where it is, its hours,
 * contact and what to send it. Adding and editing units needs directory.manage. Mounted at /directory.
 */
export function directoryPages(directory: DirectoryService) {
  return routes((app) => {
    app.get('/', { config: { permission: 'directory.view' } }, async (request, reply) => {
      const units = await directory.listUnits(request.actor)
      return reply.render('directory/views/list.njk', { units: toListView(units) })
    })

    app.get('/new', { config: { permission: 'directory.manage' } }, (_request, reply) =>
      reply.render(
        'directory/views/form.njk',
        toFormView({
          name: '',
          unitType: '',
          function: '',
          location: '',
          hours: '',
          contact: '',
          whatToSend: '',
          takesWork: [],
          active: 'yes',
        }),
      ),
    )

    app.post(
      '/new',
      { config: { permission: 'directory.manage' }, schema: { body: UnitForm } },
      async (request, reply) => {
        const values = fromForm(request.body)
        return handleForm(reply, {
          submit: () => directory.createUnit(request.actor, toInput(values)),
          invalid: () => ({ template: 'directory/views/form.njk', model: toFormView(values) }),
          done: (unit) => ({
            flash: `${values.name.trim()} added to the directory`,
            redirect: `/directory/${unit.unitId}`,
          }),
        })
      },
    )

    app.get(
      '/:unitId',
      { config: { permission: 'directory.view' }, schema: { params: UnitParams } },
      async (request, reply) => {
        const unit = await directory.getUnit(request.actor, request.params.unitId)
        return reply.render('directory/views/show.njk', { unit: toListView([unit])[0] })
      },
    )

    app.get(
      '/:unitId/edit',
      { config: { permission: 'directory.manage' }, schema: { params: UnitParams } },
      async (request, reply) => {
        const unit = await directory.getUnit(request.actor, request.params.unitId)
        return reply.render('directory/views/form.njk', { unit, ...toFormView(fromUnit(unit)) })
      },
    )

    app.post(
      '/:unitId/edit',
      { config: { permission: 'directory.manage' }, schema: { params: UnitParams, body: UnitForm } },
      async (request, reply) => {
        const { unitId } = request.params
        const values = fromForm(request.body)
        // A missing or tampered version matches no row, so the service reports a conflict rather than guessing.
        const expectedVersion = Number.parseInt(values.version ?? '', 10) || 0
        return handleForm(reply, {
          submit: () => directory.updateUnit(request.actor, unitId, { ...toInput(values), expectedVersion }),
          invalid: async () => ({
            template: 'directory/views/form.njk',
            model: { unit: await directory.getUnit(request.actor, unitId), ...toFormView(values) },
          }),
          done: () => ({ flash: `${values.name.trim()} updated`, redirect: `/directory/${unitId}` }),
        })
      },
    )
  })
}
