import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import { amountToRecover, recoveryStatus } from '#shared/domain/funds/recovery';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const RUNS = { numRuns: 2000 };
const fen = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

describe('amountToRecover', () => {
  it('recovers what was disbursed but not spent up to termination', () => {
    expect(amountToRecover({ disbursedFen: 30_000_000, recognisedExpenditureFen: 21_234_567 })).toBe(
      8_765_433,
    );
  });

  it('recovers everything when nothing was spent', () => {
    expect(amountToRecover({ disbursedFen: 30_000_000, recognisedExpenditureFen: 0 })).toBe(30_000_000);
  });

  it('recovers nothing when the expenditure equals the disbursements', () => {
    expect(amountToRecover({ disbursedFen: 30_000_000, recognisedExpenditureFen: 30_000_000 })).toBe(0);
  });

  it('recovers nothing, never a negative amount, when the operator spent more than it received', () => {
    expect(amountToRecover({ disbursedFen: 30_000_000, recognisedExpenditureFen: 31_000_000 })).toBe(0);
  });

  it.each([
    [{ disbursedFen: -1, recognisedExpenditureFen: 0 }, 'disbursedFen'],
    [{ disbursedFen: 100.5, recognisedExpenditureFen: 0 }, 'disbursedFen'],
    [{ disbursedFen: 100, recognisedExpenditureFen: -5 }, 'recognisedExpenditureFen'],
    [{ disbursedFen: 100, recognisedExpenditureFen: Number.NaN }, 'recognisedExpenditureFen'],
  ])('refuses %o with 422, naming %s', (input, path) => {
    const error = refusal(() => amountToRecover(input));

    expect(error).toMatchObject({ code: 'RECOVERY_INPUT_INVALID', status: 422 });
    expect(error.extras.errors?.[0]?.path).toBe(path);
  });

  it('is never negative and never more than was disbursed', () => {
    fc.assert(
      fc.property(fen, fen, (disbursedFen, recognisedExpenditureFen) => {
        const amount = amountToRecover({ disbursedFen, recognisedExpenditureFen });
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(amount).toBeLessThanOrEqual(disbursedFen);
        expect(Number.isSafeInteger(amount)).toBe(true);
      }),
      RUNS,
    );
  });

  it('is exactly the unspent part whenever the expenditure does not exceed the disbursements', () => {
    fc.assert(
      fc.property(fen, fen, (a, b) => {
        const [recognisedExpenditureFen, disbursedFen] = a <= b ? [a, b] : [b, a];
        expect(amountToRecover({ disbursedFen, recognisedExpenditureFen }) + recognisedExpenditureFen).toBe(
          disbursedFen,
        );
      }),
      RUNS,
    );
  });
});

describe('recoveryStatus', () => {
  it('keeps a case open while repayments fall short', () => {
    expect(recoveryStatus(8_765_433, 5_000_000)).toEqual({ outstandingFen: 3_765_433, settled: false });
  });

  it('settles a case once the repayments cover the amount', () => {
    expect(recoveryStatus(8_765_433, 8_765_433)).toEqual({ outstandingFen: 0, settled: true });
  });

  it('settles a case with nothing to recover at once', () => {
    expect(recoveryStatus(0, 0)).toEqual({ outstandingFen: 0, settled: true });
  });

  it('owes nothing more after an overpayment', () => {
    expect(recoveryStatus(100, 150)).toEqual({ outstandingFen: 0, settled: true });
  });

  it('refuses a negative repayment with 422', () => {
    expect(refusal(() => recoveryStatus(100, -1))).toMatchObject({
      code: 'RECOVERY_INPUT_INVALID',
      status: 422,
    });
  });

  it('is settled exactly when the repayments reach the amount, and the outstanding part is what is left', () => {
    fc.assert(
      fc.property(fen, fen, (amountFen, repaidFen) => {
        const status = recoveryStatus(amountFen, repaidFen);
        expect(status.settled).toBe(repaidFen >= amountFen);
        expect(status.outstandingFen).toBe(status.settled ? 0 : amountFen - repaidFen);
        expect(status.outstandingFen).toBeGreaterThanOrEqual(0);
        expect(status.outstandingFen).toBeLessThanOrEqual(amountFen);
      }),
      RUNS,
    );
  });
});
