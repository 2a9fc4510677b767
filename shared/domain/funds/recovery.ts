import { DomainError } from '#shared/domain/errors';

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
