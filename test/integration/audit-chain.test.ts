import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { DeleteCommand, QueryCommand, UpdateCommand } from '#shared/adapters/dynamodb/store-client';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { verifyAllChains, verifyEntityChain } from '#shared/application/audit/verify-chains.use-case';
import { createStation, updateStation } from '#shared/application/stations/stations.use-case';
import { tableName } from '#shared/config';
import { actor, LIXIA, lixiaOfficial } from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

const run = promisify(execFile);

async function auditItems(type: string, id: string) {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditOfEntity(type, id) },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** `npm run audit:verify` as an operator runs it, against the DynamoDB Local of the tests. */
async function auditVerify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/audit-verify.ts', ...args], { env: process.env });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('the tamper-evident audit log on DynamoDB Local (R29.1)', () => {
  let stationId: string;
  beforeAll(async () => {
    await freshTables();
    const station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102001',
      address: '解放路 1 号',
    });
    stationId = station.id;
    let version = station.version;
    for (const address of ['解放路 2 号', '解放路 3 号', '解放路 4 号']) {
      version = (await updateStation(actor(lixiaOfficial), stationId, { version, address })).version;
    }
  });

  it('chains every change of an entity in the transaction that makes it', async () => {
    const items = await auditItems('station', stationId);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4]);
    expect(await verifyEntityChain('station', stationId)).toEqual({ chains: 1, records: 4, broken: [] });
    const all = await verifyAllChains();
    expect(all.broken).toEqual([]);
    expect(all.records).toBeGreaterThanOrEqual(4);
  });

  it('keeps one unbroken chain when 20 changes of one entity are audited at once', async () => {
    const writes = Array.from({ length: 20 }, (_, n) =>
      commitWithAudit(
        [],
        [
          auditRecordOf(actor(lixiaOfficial), {
            action: 'service-record.read',
            entity: { type: 'service-record', id: 'R-CONCURRENT' },
            scope: { district: LIXIA },
            after: { n },
          }),
        ],
      ),
    );
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(20);
    const items = await auditItems('service-record', 'R-CONCURRENT');
    expect(items.map((i) => Number(i.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect((await verifyEntityChain('service-record', 'R-CONCURRENT')).broken).toEqual([]);
  });

  it('names the first broken link when a record is altered, and audit:verify exits 1 saying so', async () => {
    expect(await auditVerify('--entity', `station/${stationId}`)).toMatchObject({
      code: 0,
      out: expect.stringContaining('断裂 0 条'),
    });
    const [, second] = await auditItems('station', stationId);
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('audit'),
        Key: { pk: second?.pk, sk: second?.sk },
        UpdateExpression: 'SET #after.#address = :forged',
        ExpressionAttributeNames: { '#after': 'after', '#address': 'address' },
        ExpressionAttributeValues: { ':forged': '伪造地址' },
      }),
    );
    expect(await verifyEntityChain('station', stationId)).toMatchObject({
      broken: [
        { chain: `station#${stationId}`, seq: 2, id: second?.id, reason: expect.stringContaining('被修改') },
      ],
    });
    const cli = await auditVerify('--entity', `station/${stationId}`);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`断裂：station#${stationId} 第 2 条（记录 ${second?.id}）：`);
    const all = await auditVerify();
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/断裂 1 条/);
  });

  it('notices the newest record deleted', async () => {
    const items = await auditItems('service-record', 'R-CONCURRENT');
    const newest = items.reduce((a, b) => (Number(a.seq) > Number(b.seq) ? a : b));
    await documentClient().send(
      new DeleteCommand({ TableName: tableName('audit'), Key: { pk: newest.pk, sk: newest.sk } }),
    );
    expect((await verifyEntityChain('service-record', 'R-CONCURRENT')).broken).toEqual([
      expect.objectContaining({ seq: 20, reason: expect.stringContaining('最新的记录被删除') }),
    ]);
  });
});
