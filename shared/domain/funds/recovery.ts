import type { Tranche } from '#shared/domain/contracts/contract';
import { DomainError } from '#shared/domain/errors';
import { blockedTranchesOf, paidByTranche, tranchesOn } from '#shared/domain/funds/tranches';

/**
 * Recovery of purchase funds after a final unqualified evaluation (R19.1, R25.1). The contract is terminated, no
 * further payment is made, and what the operator received but did not spend on the service is paid back:
 *
 *   amount to recover = max(0, disbursed − recognised expenditure)
 *
 * where *disbursed* is every tranche actually paid under the contract and *recognised expenditure* is the sum of
 * the contract's dedicated-ledger (专账, R27.1) entries dated on or before the termination date, each recorded
 * against one of the R23.1 categories (labour, service quality assurance, operator management) with its voucher.
 * Expenditure after termination is not the purchaser's to bear, and spending more than was disbursed does not
 * make the purchaser owe the operator anything through this rule, hence the floor at 0. Since the expenditure is
 * never negative, the amount never exceeds what was disbursed. Everything is integer fen.
 */
const checkFen = (value: number, field: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('RECOVERY_INPUT_INVALID', 422, '追回金额计算数据有误', undefined, {
      rule: 'R25.1',
      errors: [{ path: field, message: '金额应为不小于 0 的整数（分）' }],
    });
  }
};

/** Disbursed − recognised expenditure up to termination, never negative, never more than disbursed. */
export function amountToRecover(input: { disbursedFen: number; recognisedExpenditureFen: number }): number {
  checkFen(input.disbursedFen, 'disbursedFen');
  checkFen(input.recognisedExpenditureFen, 'recognisedExpenditureFen');
  return Math.max(0, input.disbursedFen - input.recognisedExpenditureFen);
}

/**
 * Where the recovery stands (tracked to settlement, R25.1): what is still owed, and whether the repayments cover
 * the amount. Repaying more than the amount settles the case with nothing outstanding; refunding the surplus is
 * a separate payment, not part of this rule.
 */
export function recoveryStatus(
  amountFen: number,
  repaidFen: number,
): { outstandingFen: number; settled: boolean } {
  checkFen(amountFen, 'amountFen');
  checkFen(repaidFen, 'repaidFen');
  return { outstandingFen: Math.max(0, amountFen - repaidFen), settled: repaidFen >= amountFen };
}

/** The stored facts a recovery case stands on (R25.1). */
export interface RecoveryFacts {
  /** The contract's payment schedule. */
  readonly schedule: readonly Tranche[];
  /** Every disbursement under the contract (by tranche). */
  readonly disbursements: readonly { readonly seq: number; readonly amountFen: number }[];
  /** Ledger expenditure dated on or before the termination date. */
  readonly recognisedExpenditureFen: number;
  /** Every repayment recorded on the case. */
  readonly repaidFen: number;
}

/** A recovery case's derived fields, every one from the facts by this one function (issue 18). */
export interface RecoveryState {
  readonly disbursedFen: number;
  readonly recognisedExpenditureFen: number;
  readonly amountFen: number;
  readonly repaidFen: number;
  readonly outstandingFen: number;
  readonly settled: boolean;
  /** 'settled' exactly when `settled`: the stored status and the view agree by construction. */
  readonly status: 'open' | 'settled';
  /** The tranches not paid when payments stopped, each with the amount not paid; a paid tranche is never here. */
  readonly blockedTranches: readonly { readonly seq: number; readonly amountFen: number }[];
}

/**
 * R25.1: a recovery case from its facts: the amount (disbursed − recognised expenditure, floored at 0), what is
 * outstanding, whether it is settled and its status, and the blocked tranches — the same rule as the payments view
 * (`tranchesOn` with payments blocked), so the two never disagree. A case with nothing to recover is settled.
 */
export function recoveryCaseState(facts: RecoveryFacts): RecoveryState {
  const paid = paidByTranche(facts.disbursements);
  const disbursedFen = [...paid.values()].reduce((n, v) => n + v, 0);
  const amountFen = amountToRecover({
    disbursedFen,
    recognisedExpenditureFen: facts.recognisedExpenditureFen,
  });
  const { outstandingFen, settled } = recoveryStatus(amountFen, facts.repaidFen);
  // The day does not matter to a blocked tranche; any day gives the same blocked set.
  const states = tranchesOn(facts.schedule, paid, true, '2000-01-01');
  return {
    disbursedFen,
    recognisedExpenditureFen: facts.recognisedExpenditureFen,
    amountFen,
    repaidFen: facts.repaidFen,
    outstandingFen,
    settled,
    status: settled ? 'settled' : 'open',
    blockedTranches: blockedTranchesOf(states),
  };
}
