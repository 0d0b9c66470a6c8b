/**
 * The database as Kysely sees it. Each module's tables are declared in `tables/<module>.ts` to match the
 * migrations; this interface joins them. Columns are snake_case in SQL and camelCase here (CamelCasePlugin).
 */
import type { AuditTrailTables } from './tables/audit-trail.ts'
import type { PlatformTables } from './tables/platform.ts'

export interface Database extends PlatformTables, AuditTrailTables {}
