/**
 * The database as Kysely sees it. Each module's tables are declared in `tables/<module>.ts` to match the
 * migrations; this interface joins them. Columns are snake_case in SQL and camelCase here (CamelCasePlugin).
 */
import type { AuditTrailTables } from './tables/audit-trail.ts'
import type { CapacityTables } from './tables/capacity.ts'
import type { CrimesTables } from './tables/crimes.ts'
import type { DirectoryTables } from './tables/directory.ts'
import type { IncidentsTables } from './tables/incidents.ts'
import type { IntegrityTables } from './tables/integrity.ts'
import type { OpenDataTables } from './tables/open-data.ts'
import type { PeopleTables } from './tables/people.ts'
import type { PlatformTables } from './tables/platform.ts'
import type { QueuesTables } from './tables/queues.ts'
import type { RisksTables } from './tables/risks.ts'
import type { StaffTables } from './tables/staff.ts'
import type { VictimsTables } from './tables/victims.ts'
import type { PartnersTables } from './tables/partners.ts'
import type { NotificationsTables } from './tables/notifications.ts'
import type { RetentionTables } from './tables/retention.ts'
import type { DisclosuresTables } from './tables/disclosures.ts'

export interface Database
  extends
    PlatformTables,
    AuditTrailTables,
    DirectoryTables,
    PeopleTables,
    IncidentsTables,
    CrimesTables,
    StaffTables,
    CapacityTables,
    RisksTables,
    QueuesTables,
    VictimsTables,
    PartnersTables,
    NotificationsTables,
    IntegrityTables,
    OpenDataTables,
    RetentionTables,
    DisclosuresTables {}
