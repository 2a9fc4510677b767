import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm start` writes into its data directory while it runs, so that `npm run token` and `npm run job` (and a
 * person) can find the identity provider and the API of that data directory; removed when it stops.
 */
export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeFile {
  readonly pid: number;
  readonly apiUrl: string;
  readonly issuer: string;
  readonly clientId: string;
}

/** The running system of a data directory, or what to tell the user (zh-CN) when there is none. */
export function findRunningSystem(dataDir: string): RuntimeFile | { readonly problem: string } {
  const file = join(dataDir, RUNTIME_FILE);
  if (!existsSync(file)) {
    return {
      problem:
        `在数据目录 ${dataDir} 中没有找到正在运行的本地系统（${RUNTIME_FILE}）。\n` +
        '请先在另一个终端运行 npm start；如果 npm start 用了别的 DATA_DIR，这里也要设成同一个。',
    };
  }
  return JSON.parse(readFileSync(file, 'utf8')) as RuntimeFile;
}

/** A fetch to the runtime that found nobody listening: the runtime of that data directory has stopped. */
export const runtimeStopped = (error: unknown): boolean => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET';
};
