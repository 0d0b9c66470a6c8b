import { sql, type Kysely } from 'kysely'

/**
 * The IMU's work queues read crimes and incidents through one partial index per queue state (issue 4, DOMAIN.md
 * §9 rule 14). Each index holds only the rows in that state, ordered the way the queue is worked (oldest entry,
 * then id, for keyset pagination), and carries the columns the queue filters on, so a queue's count, ageing
 * buckets and filtered pages cost what the queue holds, never what the force has ever recorded.
 *
 * Also: the crimes and units of each person and unit still open (allocation workload, "who holds how much"), and
 * the foreign key from a crime's assigned unit to the unit directory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index crime_queue_classification_check on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'recorded';
    create index crime_queue_awaiting_allocation on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'awaiting_allocation';
    create index crime_queue_under_investigation on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'under_investigation';
    -- The under-investigation queue by officer in the case.
    create index crime_queue_under_investigation_by_officer on crime (force_id, assigned_user_id, status_changed_at, crime_id)
      where status = 'under_investigation';
    create index crime_queue_awaiting_filing on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'awaiting_filing';
    create index crime_queue_imu_quality_check on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'imu_quality_check';
    create index crime_queue_returned_to_officer on crime (force_id, status_changed_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'returned_to_officer';
    -- Filed crimes re-opened and being investigated again, by when they were re-opened.
    create index crime_queue_reopened on crime (force_id, reopened_at, crime_id)
      include (offence_group, assigned_unit_id, assigned_user_id, domestic_abuse, vulnerable_victim, hate_crime)
      where status = 'under_investigation' and reopened_at is not null;

    -- Open work per person and per unit: the allocation view's workload and the dashboard's "who holds how much".
    create index crime_open_by_holder on crime (force_id, assigned_user_id, status)
      where assigned_user_id is not null and status in (
        'recorded', 'awaiting_allocation', 'under_investigation', 'awaiting_filing', 'imu_quality_check',
        'returned_to_officer');
    create index crime_open_by_unit on crime (force_id, assigned_unit_id, status)
      where assigned_unit_id is not null and status in (
        'recorded', 'awaiting_allocation', 'under_investigation', 'awaiting_filing', 'imu_quality_check',
        'returned_to_officer');

    -- Recording decision due (24-hour clock from receipt, DOMAIN.md §1.3): keyset on (received_at, incident_id),
    -- with what the queue filters on.
    create index incident_queue_recording_decision_due on incident (force_id, received_at, incident_id)
      include (opening_category, qualifiers)
      where status = 'open' and crime_related and recording_decision is null;

    alter table crime add constraint crime_assigned_unit_fk
      foreign key (force_id, assigned_unit_id) references unit (force_id, unit_id);
  `.execute(db)
}
