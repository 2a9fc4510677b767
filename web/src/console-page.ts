import type { ReactNode } from 'react';

/**
 * A page of the console, registered by its area (web/src/pages/<area>/pages.tsx): its path under `/console/`, its
 * menu label, the API operation it reads (`GET /stations`) — the menu shows it, and the 工作台 shows its section,
 * only when the API admits the signed-in role to that operation — the page, and its section on the 工作台.
 */
export interface ConsolePage {
  readonly path: string;
  readonly label: string;
  readonly operation: string;
  readonly element: ReactNode;
  readonly section?: ReactNode;
  /** Kept off the menu (a page reached from another page, such as one record's detail). */
  readonly hidden?: boolean;
}
