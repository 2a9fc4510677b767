import { readFileSync } from 'node:fs';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DYNAMODB_JAVA_OPTIONS,
  type DynamoLocal,
  localClient,
  startDynamoLocal,
} from '#infra/local/dynamodb';
import { freePort } from '#infra/local/ports';

/** The environment a running process was started with (Linux). */
const environmentOf = (pid: number): Record<string, string> =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );

/**
 * DynamoDB Local's JVM compiles with C1 only (`-XX:TieredStopAtLevel=1`, infra/local/dynamodb.ts): a third less of
 * its CPU for the short requests the system sends, which `npm run seed:demo` and the tests wait on. A user's own
 * JDK_JAVA_OPTIONS still apply, after these (the last of a repeated option wins), and the runtime's environment is
 * left as it was.
 */
describe('DynamoDB Local JVM options', () => {
  let dynamo: DynamoLocal | undefined;
  const before = process.env.JDK_JAVA_OPTIONS;
  afterEach(async () => {
    await dynamo?.stop();
    dynamo = undefined;
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  });

  it('runs with C1 only, answers, and leaves the environment alone', async () => {
    delete process.env.JDK_JAVA_OPTIONS;
    dynamo = await startDynamoLocal({ port: await freePort() });
    const client = localClient(dynamo.endpoint);
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
    client.destroy();
    expect(DYNAMODB_JAVA_OPTIONS).toBe('-XX:TieredStopAtLevel=1');
    expect(environmentOf(dynamo.pid() as number).JDK_JAVA_OPTIONS).toBe(DYNAMODB_JAVA_OPTIONS);
    expect(process.env.JDK_JAVA_OPTIONS).toBeUndefined();
  }, 120_000);

  it("puts the user's own options after its own, so theirs win", async () => {
    process.env.JDK_JAVA_OPTIONS = '-XX:TieredStopAtLevel=4 -Xmx512m';
    dynamo = await startDynamoLocal({ port: await freePort() });
    expect(environmentOf(dynamo.pid() as number).JDK_JAVA_OPTIONS).toBe(
      `${DYNAMODB_JAVA_OPTIONS} -XX:TieredStopAtLevel=4 -Xmx512m`,
    );
    expect(process.env.JDK_JAVA_OPTIONS).toBe('-XX:TieredStopAtLevel=4 -Xmx512m');
  }, 120_000);
});
