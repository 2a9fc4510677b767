import {
  districtItem,
  forgetDivisionsCache,
  listDivisions,
  streetItem,
} from '#shared/adapters/dynamodb/divisions.repository';
import {
  advancePolicySet,
  createPolicyWrite,
  readPolicySet,
} from '#shared/adapters/dynamodb/policy.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { jinanDivisions } from '#shared/adapters/reference/jinan-divisions';
import { tableName } from '#shared/config';
import type { Actor } from '#shared/domain/audit/audit-record';
import { DomainError } from '#shared/domain/errors';
import { REGULATION_POLICY } from '#shared/domain/policy/policy';
import { seedDefaultTemplate } from '../evaluation/templates.use-case';

const BATCH = 90;

/**
 * Seeds the reference data, idempotently: Jinan's divisions (R2.1), the regulation's policy version (R30.1) and
 * the first version of the evaluation standard (R16.2).
 * 1. Read what is there. 2. Write only what is missing, in transactions of at most 90 items, each with an
 * audit record naming what it added. Running it again writes nothing.
 */
export async function seedReferenceData(
  actor: Actor,
): Promise<{ divisionsAdded: number; policyAdded: boolean; templateAdded: boolean }> {
  const present = await listDivisions(0);
  const have = new Set([
    ...present.map((d) => d.code),
    ...present.flatMap((d) => d.streets.map((s) => s.code)),
  ]);
  const missing: { item: Record<string, unknown>; code: string }[] = [];
  for (const d of jinanDivisions()) {
    if (!have.has(d.code)) missing.push({ item: districtItem(d), code: d.code });
    for (const s of d.streets)
      if (!have.has(s.code)) missing.push({ item: streetItem(d.code, s), code: s.code });
  }
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const writes: Write[] = batch.map(({ item }) => ({
      item: {
        Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      },
      onConditionFailed: () =>
        new DomainError(
          'SEED_RACE',
          409,
          '参考数据正在被另一进程初始化',
          '另一个进程正在初始化参考数据，本次未作任何更改；请稍后重试。',
        ),
    }));
    await commitWithAudit(writes, [
      auditRecordOf(actor, {
        action: 'divisions.seed',
        entity: { type: 'divisions', id: 'jinan' },
        scope: {},
        after: { codes: batch.map((b) => b.code) },
      }),
    ]);
  }
  forgetDivisionsCache();

  const policies = await readPolicySet();
  const policyAdded = !policies.versions.some((p) => p.id === REGULATION_POLICY.id);
  if (policyAdded) {
    const version = { ...REGULATION_POLICY, createdAt: actor.now.toISOString() };
    await commitWithAudit(
      [
        advancePolicySet(policies.revision),
        createPolicyWrite(
          version,
          () =>
            new DomainError(
              'SEED_RACE',
              409,
              '参考数据正在被另一进程初始化',
              '另一个进程正在初始化参考数据，本次未作任何更改；请稍后重试。',
            ),
        ),
      ],
      [
        auditRecordOf(actor, {
          action: 'policy.seed',
          entity: { type: 'policy', id: version.id },
          scope: {},
          after: version,
        }),
      ],
    );
  }
  const templateAdded = await seedDefaultTemplate(actor);
  return { divisionsAdded: missing.length, policyAdded, templateAdded };
}
