import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What `npm start` checks before it starts anything: that no other `npm start` runs on the same data directory (a
 * second one would start a second scheduler and a second DynamoDB Local on the same files), and that the ports it is
 * told to use are free. Each refusal is one line in Chinese and English, and npm start exits 1 without a stack trace.
 */
export class StartRefusedError extends Error {}

/** The lock file in the data directory: `{"pid":…,"port":…}` of the npm start that holds it. */
export const LOCK_FILE = 'npm-start.lock';

interface LockContent {
  readonly pid: number;
  readonly port: number;
}

/** Whether a process with this id runs (EPERM: it does, under another user). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readLock = (file: string): LockContent | undefined => {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? { pid: content.pid, port: Number(content.port) } : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
};

/**
 * Takes the data directory's lock (created with O_EXCL, so of two starts at once one wins), or refuses when a
 * running process holds it. A lock whose process is gone (npm start killed with -9, a crash) is taken over. The lock
 * is released when this process exits, however it exits (Ctrl-C, SIGTERM, a failed start, process.exit).
 */
export function acquireDataDirLock(
  dataDir: string,
  port: number,
): { readonly file: string; release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, port } satisfies LockContent));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new StartRefusedError(
          `数据目录 ${dataDir} 已经有一个 npm start 在运行（进程 ${holder.pid}，端口 ${holder.port}）：同一个数据目录只能运行一个本地系统，请先在它的终端按 Ctrl-C 停止它，或设置另一个 DATA_DIR（例如 DATA_DIR=.data2 npm start）；若进程 ${holder.pid} 并不是 npm start，删除 ${file} 后重试。` +
            `The local runtime already runs on ${dataDir} (pid ${holder.pid}, port ${holder.port}): stop it first (Ctrl-C in its terminal) or set another DATA_DIR; if pid ${holder.pid} is not npm start, delete ${file} and try again.`,
        );
      }
      // Stale: its process is gone. Removed, then created again with O_EXCL (a start racing us finds ours).
      rmSync(file, { force: true });
    }
  }
  const release = () => {
    // Only our own lock: never one a later npm start took over.
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.once('exit', release);
  return { file, release };
}

/** A port npm start is configured to use, the environment variable that sets it, and the address it binds. */
export interface ConfiguredPort {
  readonly port: number;
  readonly variable: string;
  readonly host: string;
}

const PortValue = z.coerce.number().int().min(0).max(65_535);

/** The port an environment variable sets (or its default), refused in one line when it is not a port number. */
export function configuredPort(variable: string, fallback: number, host = '127.0.0.1'): ConfiguredPort {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return { port: fallback, variable, host };
  const parsed = PortValue.safeParse(raw.trim());
  if (!parsed.success) {
    throw new StartRefusedError(
      `${variable}=${raw} 不是端口号：请设为 0 到 65535 之间的整数（0 表示任选空闲端口）。` +
        `${variable}=${raw} is not a port: set it to an integer from 0 to 65535 (0: any free port).`,
    );
  }
  return { port: parsed.data, variable, host };
}

/** The one line for a port already in use: which port, which variable to set. */
export const portInUseMessage = ({ port, variable }: Pick<ConfiguredPort, 'port' | 'variable'>): string =>
  `端口 ${port} 已被占用：请停止占用它的程序，或用 ${variable} 换一个端口（例如 ${variable}=${port + 100} npm start）。` +
  `Port ${port} is already in use: stop what uses it or set ${variable} to another port (e.g. ${variable}=${port + 100} npm start).`;

const tryListen = (port: number, host: string): Promise<NodeJS.ErrnoException | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });

/** Refuses (StartRefusedError) the first configured port that cannot be listened on; 0 means any free port. */
export async function assertPortsFree(ports: readonly ConfiguredPort[]): Promise<void> {
  for (const configured of ports) {
    if (configured.port === 0) continue;
    const error = await tryListen(configured.port, configured.host);
    if (!error) continue;
    if (error.code === 'EADDRINUSE') throw new StartRefusedError(portInUseMessage(configured));
    throw new StartRefusedError(
      `端口 ${configured.port} 无法使用（${error.code ?? error.message}）：请用 ${configured.variable} 换一个端口。` +
        `Port ${configured.port} cannot be used (${error.code ?? error.message}): set ${configured.variable} to another port.`,
    );
  }
}

/** A listen that failed later anyway (the port was taken between the check and the start): the same one line. */
export function portInUseLater(error: unknown, ports: readonly ConfiguredPort[]): string | undefined {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE') return undefined;
  const configured = ports.find((p) => p.port === e.port);
  return configured ? portInUseMessage(configured) : undefined;
}
