import type { ConsolePage } from '../../console-page';

/** 承接方: needs survey, task book, roster and ledger. */
export const pages: readonly ConsolePage[] = [];
