import type { ConsolePage } from '../../console-page';

/** 评估: score entry by the third-party evaluator, confirmation, publicity and objections. */
export const pages: readonly ConsolePage[] = [];
