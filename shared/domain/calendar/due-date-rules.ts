/**
 * What happens to a due date that falls on a non-working day: a policy parameter (R30.1). The default is the usual
 * administrative practice (期限届满日为节假日的，以节假日后的第一个工作日为期限届满日). Apart from ./working-days.ts, which
 * applies the rule, so that the policy and the request schemas that only name it do not carry the holiday data
 * (37 KB of every such bundle).
 */
export const NON_WORKING_DUE_DATE_RULES = ['next_working_day', 'previous_working_day', 'unchanged'] as const;
export type NonWorkingDueDateRule = (typeof NON_WORKING_DUE_DATE_RULES)[number];
