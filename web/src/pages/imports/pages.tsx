import type { ConsolePage } from '../../console-page';
import { Imports } from './Imports';

/** 批量导入 (issue 19): for the roles the API admits to opening an import (the district, the operator). */
export const pages: readonly ConsolePage[] = [
  { path: 'imports', label: '批量导入', operation: 'POST /imports', element: <Imports /> },
];
