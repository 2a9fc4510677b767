import { randomBytes } from 'node:crypto';
import { ensureTables } from '#infra/local/dynamodb';
import { resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { forgetDivisionsCache } from '#shared/adapters/dynamodb/divisions.repository';
import { tables } from '#shared/adapters/dynamodb/tables';
import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';

/**
 * Fresh tables for one test file, created from the same definitions as production and seeded with the
 * reference data, so files never see each other's records.
 */
export async function freshTables(options: { seed?: boolean } = {}): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  for (const def of Object.values(tables)) process.env[def.envVar] = `${def.localName}-${suffix}`;
  resetDocumentClient();
  forgetDivisionsCache();
  await ensureTables(process.env.DYNAMODB_ENDPOINT as string);
  if (options.seed ?? true) await seedReferenceData(systemActor(new Date('2026-11-25T01:00:00Z')));
}
