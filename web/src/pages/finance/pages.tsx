import type { ConsolePage } from '../../console-page';

/** 财政: budgets, allocation, disbursements and recovery. */
export const pages: readonly ConsolePage[] = [];
