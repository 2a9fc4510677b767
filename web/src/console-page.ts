import type { ReactNode } from 'react';
import { allowed, roleOf } from './services/access';

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
  /**
   * Only for these roles, where the operation also admits a role the page is not written for (the street office's
   * co-signing list reads what the operator confirms on its own contract page).
   */
  readonly roles?: readonly string[];
}

/** Whether the menu and the 工作台 show a page to the signed-in role. */
export function shown(page: ConsolePage): boolean {
  const role = roleOf();
  return (
    allowed(page.operation) && (page.roles === undefined || (role !== undefined && page.roles.includes(role)))
  );
}
