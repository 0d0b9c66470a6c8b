import type { Insertable, Selectable, Updateable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type {
  VictimCareSettingTable,
  VictimCareTable,
  VictimContactTable,
  VictimEventTable,
  VictimTaskTable,
} from '../../platform/db/tables/victims.ts'

export type CareRow = Selectable<VictimCareTable>
export type TaskRow = Selectable<VictimTaskTable>
export type ContactRow = Selectable<VictimContactTable>
export type EventRow = Selectable<VictimEventTable>
export type SettingRow = Selectable<VictimCareSettingTable>

/** An open task with who holds its victim and what it is for, for the victim-care queues. */
export interface QueueTask extends TaskRow {
  reference: string
  crimeId: string | null
  incidentId: string | null
  enhanced: boolean
  officerUserId: string | null
  officerName: string | null
  unitId: string | null
  unitName: string | null
}

/** The victim-care tables. One query per method; the service holds the transaction. */
export class VictimsRepository {
  settings(tx: ForceTransaction) {
    return tx.selectFrom('victimCareSetting').selectAll().executeTakeFirst()
  }

  async saveSettings(
    tx: ForceTransaction,
    values: Omit<Insertable<VictimCareSettingTable>, 'forceId' | 'version'>,
  ): Promise<void> {
    await tx
      .insertInto('victimCareSetting')
      .values(values)
      .onConflict((oc) =>
        oc.column('forceId').doUpdateSet((eb) => ({ ...values, version: eb('victimCareSetting.version', '+', 1) })),
      )
      .execute()
  }

  careForCrime(tx: ForceTransaction, crimeId: string, options: { lock?: boolean } = {}) {
    return tx
      .selectFrom('victimCare')
      .selectAll()
      .where('crimeId', '=', crimeId)
      .$if(options.lock === true, (q) => q.forUpdate())
      .executeTakeFirst()
  }

  careForIncident(tx: ForceTransaction, incidentId: string) {
    return tx.selectFrom('victimCare').selectAll().where('incidentId', '=', incidentId).executeTakeFirst()
  }

  care(tx: ForceTransaction, careId: string, options: { lock?: boolean } = {}) {
    return tx
      .selectFrom('victimCare')
      .selectAll()
      .where('careId', '=', careId)
      .$if(options.lock === true, (q) => q.forUpdate())
      .executeTakeFirst()
  }

  async insertCare(tx: ForceTransaction, row: Omit<Insertable<VictimCareTable>, 'forceId'>): Promise<CareRow> {
    return tx.insertInto('victimCare').values(row).returningAll().executeTakeFirstOrThrow()
  }

  updateCare(
    tx: ForceTransaction,
    careId: string,
    changes: Omit<Updateable<VictimCareTable>, 'forceId' | 'careId' | 'version'>,
  ) {
    return tx
      .updateTable('victimCare')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('careId', '=', careId)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  tasks(tx: ForceTransaction, careId: string) {
    return tx
      .selectFrom('victimTask')
      .selectAll()
      .where('careId', '=', careId)
      .orderBy('dueOn')
      .orderBy('createdAt')
      .execute()
  }

  async insertTasks(tx: ForceTransaction, rows: ReadonlyArray<Omit<Insertable<VictimTaskTable>, 'forceId'>>) {
    if (rows.length > 0) {
      await tx
        .insertInto('victimTask')
        .values([...rows])
        .execute()
    }
  }

  async setDue(tx: ForceTransaction, taskId: string, dueOn: string): Promise<void> {
    await tx
      .updateTable('victimTask')
      .set({ dueOn })
      .where('taskId', '=', taskId)
      .where('status', '=', 'open')
      .execute()
  }

  /** Closes open tasks; returns those it closed (a task closed meanwhile is not closed twice). */
  closeTasks(
    tx: ForceTransaction,
    taskIds: readonly string[],
    closing: Pick<TaskRow, 'status' | 'contactId' | 'closedAt' | 'closedBy' | 'closedByName' | 'closingNote'>,
  ) {
    if (taskIds.length === 0) {
      return Promise.resolve([])
    }
    return tx
      .updateTable('victimTask')
      .set(closing)
      .where('taskId', 'in', [...taskIds])
      .where('status', '=', 'open')
      .returning(['taskId', 'kind'])
      .execute()
  }

  async insertContact(tx: ForceTransaction, row: Omit<Insertable<VictimContactTable>, 'forceId'>): Promise<void> {
    await tx.insertInto('victimContact').values(row).execute()
  }

  contacts(tx: ForceTransaction, careId: string) {
    return tx
      .selectFrom('victimContact')
      .selectAll()
      .where('careId', '=', careId)
      .orderBy('contactedAt', 'desc')
      .execute()
  }

  async insertEvent(tx: ForceTransaction, row: Omit<Insertable<VictimEventTable>, 'forceId'>): Promise<void> {
    await tx.insertInto('victimEvent').values(row).execute()
  }

  events(tx: ForceTransaction, careId: string) {
    return tx.selectFrom('victimEvent').selectAll().where('careId', '=', careId).orderBy('occurredOn', 'desc').execute()
  }

  /** Open tasks due on or before `dueBy` (all open tasks when undefined), soonest first, with who holds them. */
  openTasks(
    tx: ForceTransaction,
    filter: { dueBy?: string | undefined; officerUserId?: string | undefined; unitId?: string | undefined },
    limit: number,
  ): Promise<QueueTask[]> {
    return tx
      .selectFrom('victimTask as t')
      .innerJoin('victimCare as c', 'c.careId', 't.careId')
      .leftJoin('userAccount as u', 'u.userId', 'c.officerUserId')
      .leftJoin('unit as n', 'n.unitId', 'c.unitId')
      .selectAll('t')
      .select([
        'c.reference',
        'c.crimeId',
        'c.incidentId',
        'c.enhanced',
        'c.officerUserId',
        'u.displayName as officerName',
        'c.unitId',
        'n.name as unitName',
      ])
      .where('t.status', '=', 'open')
      .$if(filter.dueBy !== undefined, (q) => q.where('t.dueOn', '<=', filter.dueBy!))
      .$if(filter.officerUserId !== undefined, (q) => q.where('c.officerUserId', '=', filter.officerUserId!))
      .$if(filter.unitId !== undefined, (q) => q.where('c.unitId', '=', filter.unitId!))
      .orderBy('t.dueOn')
      .orderBy('c.reference')
      .limit(limit)
      .execute()
  }

  /** Open tasks counted by officer and unit: how many are overdue (due before today) and due today. */
  openCounts(tx: ForceTransaction, today: string) {
    return tx
      .selectFrom('victimTask as t')
      .innerJoin('victimCare as c', 'c.careId', 't.careId')
      .leftJoin('userAccount as u', 'u.userId', 'c.officerUserId')
      .leftJoin('unit as n', 'n.unitId', 'c.unitId')
      .select((eb) => [
        'c.officerUserId',
        'u.displayName as officerName',
        'c.unitId',
        'n.name as unitName',
        eb.fn.countAll<number>().filterWhere('t.dueOn', '<', today).as('overdue'),
        eb.fn.countAll<number>().filterWhere('t.dueOn', '=', today).as('dueToday'),
        eb.fn.countAll<number>().as('open'),
      ])
      .where('t.status', '=', 'open')
      .groupBy(['c.officerUserId', 'u.displayName', 'c.unitId', 'n.name'])
      .orderBy('u.displayName')
      .orderBy('n.name')
      .execute()
  }
}
