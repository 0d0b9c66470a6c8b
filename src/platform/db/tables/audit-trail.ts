import type { ForceId } from './platform.ts'

export interface AuditEventTable {
  forceId: ForceId
  seq: number
  occurredAt: Date
  actorType: 'user' | 'token' | 'system'
  actorId: string
  actorName: string
  action: string
  recordType: string
  recordId: string
  changes: unknown
  reason: string | null
  requestId: string | null
  prevHash: string
  /** Which chain key made this link; null for events written before the chain was keyed. */
  keyId: string | null
  hash: string
}

export interface AuditChainTable {
  forceId: ForceId
  lastSeq: number
  lastHash: string
}

export interface AuditTrailTables {
  auditEvent: AuditEventTable
  auditChain: AuditChainTable
}
