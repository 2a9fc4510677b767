import type { Principal } from '#shared/domain/access/roles';

/**
 * An audit record (R29.1): who (subject, username, roles), in what scope, when, what (action and the entity's
 * state before and after) and why. It is written in the same transaction as the change and never altered.
 */
export interface AuditRecord {
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly entity: { readonly type: string; readonly id: string };
  readonly actor: { readonly sub: string; readonly username: string; readonly roles: readonly string[] };
  /** The district (and street) the change belongs to; absent for city-level records (policy, calendar). */
  readonly scope: { readonly district?: string; readonly street?: string };
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string;
  readonly requestId?: string;
}

/** The caller of a use case that changes state: the principal, the request, the clock and the stated reason. */
export interface Actor {
  readonly principal: Principal;
  readonly requestId?: string;
  readonly now: Date;
  readonly reason?: string;
}

/** The system itself (seeding, scheduled jobs) acting without a user. */
export const systemActor = (now: Date, requestId?: string): Actor => ({
  principal: { sub: 'system', username: 'system', roles: [] },
  now,
  ...(requestId ? { requestId } : {}),
});
