import { isRape } from './crimes.rules.ts'
import {
  n100ForRemovedRape,
  type ActionDeps,
  type ActionHandlers,
  type ActionRequest,
  type AppliedAction,
} from './crimes.actions.common.ts'

/**
 * The classification check (DOMAIN.md §1.7, rule 10): confirming the offence the crime was recorded under, or
 * reclassifying it — by anyone who classifies while it is live, and by the Force Crime Registrar at any time (rule 9).
 */
export function classificationActions(deps: ActionDeps): ActionHandlers<'confirm_classification' | 'reclassify'> {
  return {
    confirm_classification: () => Promise.resolve({ changes: {} }),
    reclassify: (request) => reclassify(deps, request),
  }
}

async function reclassify(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, rule, input, now, reason, errors } = request
  const offence = await deps.validOffence(tx, actor, input.offenceCode ?? '', 'offenceCode', errors)
  if (offence && offence.code === crime.offenceCode && offence.version === crime.offenceCodeVersion) {
    errors.add('offenceCode', `The crime is already classified as ${offence.code}`)
  }
  errors.throwIfAny()
  const group = offence!.groupCode ?? ''
  const [wasRape, isRapeNow] = await Promise.all([
    deps.referenceData.listRulesIn(tx, crime.offenceCodeVersion).then((rules) => isRape(crime.offenceGroup, rules)),
    deps.referenceData.listRulesIn(tx, offence!.version).then((rules) => isRape(group, rules)),
  ])
  await deps.repository.insertClassifications(tx, [
    {
      crimeId: crime.crimeId,
      seq: crime.version + 1,
      offenceCode: offence!.code,
      offenceCodeVersion: offence!.version,
      offenceGroup: group,
      previousCode: crime.offenceCode,
      changedAt: now,
      changedBy: actor.id,
      changedByName: actor.name,
      reason,
      fcrOverride: rule.fcrOverride === true,
    },
  ])
  return {
    changes: {
      offenceCode: offence!.code,
      offenceCodeVersion: offence!.version,
      offenceGroup: group,
      // Rule 6: the groups it has ever been in keep their cancellation controls.
      offenceGroupsEver: [...new Set([...crime.offenceGroupsEver, crime.offenceGroup, group])],
    },
    reason,
    // Rule 8: a crime of rape reclassified as something else is a report of rape not recorded as rape.
    afterUpdate:
      wasRape && !isRapeNow
        ? n100ForRemovedRape(deps, request, `Reclassified from ${crime.offenceCode} to ${offence!.code}: ${reason}`)
        : undefined,
  }
}
