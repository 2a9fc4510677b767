import { ulid } from 'ulid';
import {
  advancePolicySet,
  createPolicyWrite,
  listPolicyVersions,
  readPolicySet,
  updatePolicyWrite,
} from '#shared/adapters/dynamodb/policy.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import {
  type PolicyParameters,
  type PolicyVersion,
  planNewVersion,
  type ResolvedPolicy,
  resolvePolicy,
} from '#shared/domain/policy/policy';

/** The policy that applies on `date` (R30.1); every rule reads its parameters through here. */
export async function policyOn(date: IsoDate): Promise<ResolvedPolicy> {
  return resolvePolicy(await listPolicyVersions(), date);
}

/** All versions and the one in force on `date` (default: today in Asia/Shanghai). */
export async function listPolicies(date: IsoDate | undefined, now: Date) {
  const versions = await listPolicyVersions();
  const on = date ?? shanghaiDate(now);
  const resolved = versions.length > 0 ? resolvePolicy(versions, on) : undefined;
  return {
    versions,
    inForce: resolved
      ? { date: on, id: resolved.version.id, ...(resolved.warning ? { warning: resolved.warning } : {}) }
      : undefined,
  };
}

export interface NewPolicyVersion {
  readonly name: string;
  readonly basis: string;
  readonly validFrom: IsoDate;
  readonly validTo?: IsoDate;
  readonly parameters: PolicyParameters;
}

/**
 * Adds a policy version.
 * 1. Read the existing versions and the set's revision. 2. Plan: refuse an overlap with a bounded version; close an open-ended earlier
 * one the day before. 3. Write the new version (and the closed one) with their audit records in one transaction,
 * conditional on the revision read, so a concurrent change makes this one fail with 409 instead of overlapping.
 */
export async function createPolicyVersion(actor: Actor, input: NewPolicyVersion): Promise<PolicyVersion> {
  const { versions: existing, revision } = await readPolicySet();
  const plan = planNewVersion(existing, input);
  const created: PolicyVersion = {
    id: ulid(actor.now.getTime()),
    name: input.name,
    basis: input.basis,
    validFrom: input.validFrom,
    ...(input.validTo ? { validTo: input.validTo } : {}),
    parameters: input.parameters,
    version: 1,
    createdAt: actor.now.toISOString(),
  };
  const writes: Write[] = [
    advancePolicySet(revision),
    createPolicyWrite(
      created,
      () =>
        new DomainError(
          'POLICY_EXISTS',
          409,
          '政策版本已存在',
          '同一编号的政策版本已存在；请使用新的版本编号。',
        ),
    ),
  ];
  const audit = [
    auditRecordOf(actor, {
      action: 'policy.create',
      entity: { type: 'policy', id: created.id },
      scope: {},
      after: created,
    }),
  ];
  if (plan.closes) {
    const before = existing.find((v) => v.id === plan.closes?.id) as PolicyVersion;
    const after = { ...plan.closes, version: before.version + 1 };
    writes.push(updatePolicyWrite(before, after));
    audit.push(
      auditRecordOf(actor, {
        action: 'policy.close',
        entity: { type: 'policy', id: before.id },
        scope: {},
        before,
        after,
      }),
    );
  }
  await commitWithAudit(writes, audit);
  return created;
}
