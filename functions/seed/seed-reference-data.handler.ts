import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { now } from '#shared/clock';
import { systemActor } from '#shared/domain/audit/audit-record';
import { logger } from '#shared/http/logger';

/** Runs after each deployment (a CDK Trigger) and at local start: idempotent reference data. */
export const handler = async (): Promise<{ divisionsAdded: number; policyAdded: boolean }> => {
  const result = await seedReferenceData(systemActor(now()));
  logger.info('reference data seeded', result);
  return result;
};
