import { DomainError } from '#shared/domain/errors';

/**
 * A document the operator and the street office must both confirm before it takes effect (R9.2: the needs survey
 * 需求调研 and the project task book 项目任务书). Any change to the content withdraws both confirmations; the last
 * content both confirmed stays the effective one until the new content is confirmed by both again.
 */
export const SIGNING_PARTIES = ['operator', 'street_office'] as const;
export type SigningParty = (typeof SIGNING_PARTIES)[number];

export interface Confirmation {
  readonly sub: string;
  readonly username: string;
  readonly at: string;
}

export interface CoSigned<C> {
  readonly content: C;
  /** Incremented by every change of content; confirmations are for one revision. */
  readonly revision: number;
  readonly confirmations: Partial<Record<SigningParty, Confirmation>>;
  /** The content as last confirmed by both parties, with its revision. */
  readonly effective?: { readonly revision: number; readonly content: C; readonly since: string };
}

export const draftCoSigned = <C>(content: C): CoSigned<C> => ({ content, revision: 1, confirmations: {} });

/** New content: a new revision, with both confirmations withdrawn (the effective one is kept). */
export const reviseCoSigned = <C>(doc: CoSigned<C>, content: C): CoSigned<C> => ({
  ...doc,
  content,
  revision: doc.revision + 1,
  confirmations: {},
});

/** One party confirms the current revision; when both have, it becomes the effective content. */
export function confirmCoSigned<C>(doc: CoSigned<C>, party: SigningParty, who: Confirmation): CoSigned<C> {
  if (doc.confirmations[party]) {
    throw new DomainError(
      'ALREADY_CONFIRMED',
      409,
      '本方已确认当前版本',
      '您这一方已确认过当前版本，等待另一方确认即可。',
      { rule: 'R9.2' },
    );
  }
  const confirmations = { ...doc.confirmations, [party]: who };
  const both = SIGNING_PARTIES.every((p) => confirmations[p] !== undefined);
  return {
    ...doc,
    confirmations,
    ...(both ? { effective: { revision: doc.revision, content: doc.content, since: who.at } } : {}),
  };
}

/** Which parties still have to confirm the current revision. */
export const missingConfirmations = (doc: CoSigned<unknown>): SigningParty[] =>
  SIGNING_PARTIES.filter((p) => doc.confirmations[p] === undefined);

export const isEffective = (doc: CoSigned<unknown>): boolean => doc.effective?.revision === doc.revision;
