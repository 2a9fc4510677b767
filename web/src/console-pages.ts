import type { ConsolePage } from './console-page';
import { pages as city } from './pages/city/pages';
import { pages as core } from './pages/core/pages';
import { pages as evaluation } from './pages/evaluation/pages';
import { pages as finance } from './pages/finance/pages';
import { pages as imports } from './pages/imports/pages';
import { pages as operator } from './pages/operator/pages';
import { pages as street } from './pages/street/pages';

/** Every page of the console, in menu order: each area registers its own in web/src/pages/<area>/pages.tsx. */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  ...core,
  ...street,
  ...operator,
  ...evaluation,
  ...finance,
  ...city,
  ...imports,
];
