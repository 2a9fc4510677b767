import type { ConsolePage } from '../../console-page';

/** 街道办事处: documents to co-sign and reports to review. */
export const pages: readonly ConsolePage[] = [];
