import type { ConsolePage } from '../../console-page';

/** 市级: districts side by side, inspections, platform sharing, the November district reports. */
export const pages: readonly ConsolePage[] = [];
