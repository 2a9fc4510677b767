/** R23.1/R27.1: the dedicated ledger's categories are the contract amount's three parts. */
export const LEDGER_CATEGORIES = ['labour', 'quality_assurance', 'operator_management'] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];
export const LEDGER_CATEGORY_NAMES: Readonly<Record<LedgerCategory, string>> = {
  labour: '人员劳务费',
  quality_assurance: '服务质量保障经费',
  operator_management: '承接方运营管理费用',
};
