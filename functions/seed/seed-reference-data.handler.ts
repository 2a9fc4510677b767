import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { now } from '#shared/clock';
import { systemActor } from '#shared/domain/audit/audit-record';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { logger } from '#shared/http/logger';

/**
 * Runs after each deployment (a CDK Trigger) and at local start: idempotent reference data, and this year's
 * annual district report slots (R20.1) so that districts can upload before the November job first runs.
 */
export const handler = async (): Promise<{
  divisionsAdded: number;
  policyAdded: boolean;
  templateAdded: boolean;
  annualSlotsAdded: number;
}> => {
  const at = now();
  const result = await seedReferenceData(systemActor(at));
  const annualSlotsAdded = await ensureAnnualSlots(Number(shanghaiDate(at).slice(0, 4)), at);
  logger.info('reference data seeded', { ...result, annualSlotsAdded });
  return { ...result, annualSlotsAdded };
};
