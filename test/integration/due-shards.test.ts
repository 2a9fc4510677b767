import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { readDue } from '#shared/adapters/dynamodb/due-index';
import { getCheckpoint } from '#shared/adapters/dynamodb/job-checkpoints.repository';
import {
  DUE_SHARDS,
  dueEntry,
  duePartitionOfKey,
  dueShardKey,
  dueShardKeys,
  dueShardOf,
  keys,
} from '#shared/adapters/dynamodb/keys';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { createSlotWrite, dueSlots } from '#shared/adapters/dynamodb/reports.repository';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '#shared/adapters/dynamodb/store-client';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { reportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { tableName } from '#shared/config';
import { systemActor } from '#shared/domain/audit/audit-record';
import { addDays, type IsoDate } from '#shared/domain/calendar/dates';
import { contractReportPlan, openSlot } from '#shared/domain/reports/report-slot';
import { byId, dispatchDue, type FanOut } from '#shared/jobs/fan-out';
import { useLocalWorkQueues } from '#shared/jobs/work-queue';
import { freshTables } from '#test/helpers/tables';

/**
 * Issue 20 item 2: the byDue index written over DUE_SHARDS partition keys. The same due set is read through one
 * unsharded key (as every table deployed before the change holds it) and through its shards, and a mix of the two;
 * a dispatcher cut short again and again resumes each shard from its own checkpoint. Against DynamoDB Local.
 */
const TODAY: IsoDate = '2026-11-30';
const N = 400;
/** 400 entries over 16 days, the last 5 after today (not due). */
const entries = Array.from({ length: N }, (_, i) => ({
  id: `01JH${String(i).padStart(22, '0')}`,
  on: addDays(TODAY, (i % 16) - 10) as IsoDate,
}));
const dueSorted = entries
  .filter((e) => e.on <= TODAY)
  .map((e) => `${e.on}#${e.id}`)
  .sort()
  .map((k) => k.slice(11));

/** Items written as before sharding (one key per partition) or through the builders (their shard). */
async function write(partition: string, which: 'legacy' | 'sharded' | 'mixed'): Promise<void> {
  const items = entries.map((e, i) => {
    const legacy = which === 'legacy' || (which === 'mixed' && i % 2 === 0);
    return {
      pk: `SHARDTEST#${partition}#${e.id}`,
      sk: 'ITEM',
      id: e.id,
      ...(legacy ? { gsi2pk: partition, gsi2sk: `${e.on}#${e.id}` } : dueEntry(partition, e.on, e.id)),
    };
  });
  for (let i = 0; i < items.length; i += 25)
    await documentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName('main')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
}

/** How many entries each partition key of a logical partition holds (every date). */
async function perKey(partition: string): Promise<number[]> {
  return Promise.all(
    dueShardKeys(partition).map(async (pk) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await documentClient().send(
          new QueryCommand({
            TableName: tableName('main'),
            IndexName: 'byDue',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        n += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
}

/** A work queue that keeps what it is sent. */
const sent: string[] = [];
const fanOutOf = (partition: string): FanOut => ({
  jobId: 'report-deadlines',
  partitions: [byId(partition, async () => false)],
});

describe('the byDue index written over shards (issue 20 item 2)', () => {
  beforeAll(async () => {
    await freshTables();
    useLocalWorkQueues(() => ({
      send: async (bodies) => {
        sent.push(...bodies.map((b) => JSON.parse(b).item.id as string));
      },
    }));
    await Promise.all([
      write('DUE#BEFORE', 'legacy'),
      write('DUE#AFTER', 'sharded'),
      write('DUE#MIXED', 'mixed'),
    ]);
  });
  afterAll(() => useLocalWorkQueues(undefined));

  it('keeps an entry in one shard whatever its date, and names every shard of a partition', () => {
    const id = entries[7]?.id as string;
    expect(dueEntry('DUE#REPORT', '2026-01-05', id).gsi2pk).toBe(
      dueEntry('DUE#REPORT', '2026-11-30', id).gsi2pk,
    );
    expect(dueShardKeys('DUE#REPORT')).toHaveLength(DUE_SHARDS);
    expect(dueShardKeys('DUE#REPORT')[0]).toBe('DUE#REPORT');
    expect(dueShardKeys('DUE#REPORT').map(duePartitionOfKey)).toEqual(Array(DUE_SHARDS).fill('DUE#REPORT'));
    // DUE#EMAIL is no longer written: read as the one key it was written as.
    expect(dueShardKeys('DUE#EMAIL')).toEqual(['DUE#EMAIL']);
  });

  it('spreads a partition over its 16 keys instead of one', async () => {
    const before = await perKey('DUE#BEFORE');
    const after = await perKey('DUE#AFTER');

    expect(before[0]).toBe(N);
    expect(Math.max(...before.slice(1))).toBe(0);
    expect(after.reduce((a, b) => a + b, 0)).toBe(N);
    expect(after.filter((n) => n > 0)).toHaveLength(DUE_SHARDS);
    // 25 per key on average; none more than half again as many.
    expect(Math.max(...after)).toBeLessThanOrEqual(1.5 * (N / DUE_SHARDS));
  });

  it('reads the same due set, in the same order, from one unsharded key, from the shards and from a mix', async () => {
    const before = await readDue<{ id: string }>('DUE#BEFORE', TODAY, ['id']);
    const after = await readDue<{ id: string }>('DUE#AFTER', TODAY, ['id']);
    const mixed = await readDue<{ id: string }>('DUE#MIXED', TODAY, ['id']);

    expect(before.items.map((i) => i.id)).toEqual(dueSorted);
    expect(after.items.map((i) => i.id)).toEqual(dueSorted);
    expect(mixed.items.map((i) => i.id)).toEqual(dueSorted);
    // Nothing but the due entries is read, and only the attributes asked for are returned.
    expect([before.read, after.read, mixed.read]).toEqual([
      dueSorted.length,
      dueSorted.length,
      dueSorted.length,
    ]);
    expect(Object.keys(after.items[0] ?? {})).toEqual(['id']);
  });

  it('a dispatcher cut short again and again resumes every shard from its checkpoint: nothing missed, nothing twice', async () => {
    sent.length = 0;
    const fanOut = fanOutOf('DUE#MIXED');
    let runs = 0;
    for (;;) {
      runs += 1;
      // Each run has time for 19 pages of 7 (each of the 16 shards it reads at once, and 3 more), then stops.
      let pages = 0;
      try {
        await dispatchDue(fanOut, TODAY, () => (pages++ < DUE_SHARDS + 3 ? 60_000 : 0), 7);
        break;
      } catch (error) {
        expect((error as Error).message).toMatch(/cut short after \d+ items/);
      }
      expect(runs).toBeLessThan(100);
    }

    expect(runs).toBeGreaterThan(2);
    expect(sent).toHaveLength(dueSorted.length);
    expect(new Set(sent).size).toBe(dueSorted.length);
    expect([...sent].sort()).toEqual([...dueSorted].sort());
    // Every shard's checkpoint holds what it handed on; the day's total is the due set.
    const checkpoints = await Promise.all(
      dueShardKeys('DUE#MIXED').map((_, s) => getCheckpoint('report-deadlines', TODAY, s)),
    );
    expect(checkpoints.reduce((n, c) => n + (c?.dispatched ?? 0), 0)).toBe(dueSorted.length);
    // The run that got to the end marked every shard's checkpoint complete (none before: the retries resumed).
    expect(checkpoints.every((c) => c?.complete === true)).toBe(true);

    // So a later run that day reads the day from the start: nothing here worked the items, so all are still due
    // and handed on again, each once.
    sent.length = 0;
    const again = await dispatchDue(fanOut, TODAY, undefined, 7);
    expect(again).toMatchObject({ examined: dueSorted.length, dispatched: dueSorted.length });
    expect([...sent].sort()).toEqual([...dueSorted].sort());
  });

  it('resumes a checkpoint written before sharding after the entry it names', async () => {
    // The run of an earlier release stopped after the first 100 due entries of the unsharded key.
    sent.length = 0;
    const day = '2026-12-01' as IsoDate;
    const due = entries
      .filter((e) => e.on <= day)
      .map((e) => `${e.on}#${e.id}`)
      .sort();
    const last = due[99] as string;
    const id = last.slice(11);
    await documentClient().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: {
          pk: 'JOBRUN#report-deadlines',
          sk: `DAY#${day}`,
          entity: 'job-checkpoint',
          jobId: 'report-deadlines',
          day,
          after: { pk: `SHARDTEST#DUE#BEFORE#${id}`, sk: 'ITEM', gsi2pk: 'DUE#BEFORE', gsi2sk: last },
          dispatched: 100,
          version: 1,
          updatedAt: '2026-12-01T01:00:00.000Z',
        },
      }),
    );

    const run = await dispatchDue(fanOutOf('DUE#BEFORE'), day, undefined, 50);

    expect(run.dispatched).toBe(due.length - 100);
    expect([...sent].sort()).toEqual(
      due
        .slice(100)
        .map((k) => k.slice(11))
        .sort(),
    );
  });

  it('a report slot written under the unsharded key is still found and acted on, and moves to its shard', async () => {
    await freshTables();
    const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
    const slots = contractReportPlan(
      {
        id: '01JG0000000000000000000077',
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
        districtCode: '370102',
        streetCode: '370102001',
        stationId: 'STATION-77',
        operator: { orgId: 'org-op-a', name: '承接方 A', kind: 'social_organization' },
      },
      policies,
      calendar,
    ).map((p) => openSlot(p, '2026-01-01T00:00:00Z'));
    await commitWithAudit(
      slots.map((s) => createSlotWrite(s)),
      [],
    );
    // February's brief: its reminder is due on 2026-03-03, its overdue step on 2026-03-06.
    const slotId = '01JG0000000000000000000077-M202602';
    const shard = dueShardOf('DUE#REPORT', slotId);
    expect(shard).not.toBe(0);
    const raw = async () =>
      (
        await documentClient().send(
          new GetCommand({
            TableName: tableName('main'),
            Key: keys.reportSlot(slotId),
            ConsistentRead: true,
          }),
        )
      ).Item ?? {};
    expect((await raw()).gsi2pk).toBe(dueShardKey('DUE#REPORT', shard));
    // As an earlier release wrote it.
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: keys.reportSlot(slotId),
        UpdateExpression: 'SET gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'DUE#REPORT' },
      }),
    );

    const due = await dueSlots('REPORT', '2026-03-03');
    expect(due.ids.filter((id) => id === slotId)).toHaveLength(1);
    expect(
      await reportDeadlinesFanOut.partitions[0]?.work(
        { id: slotId },
        '2026-03-03',
        systemActor(new Date('2026-03-03T01:00:00Z')),
      ),
    ).toBe(true);

    const after = await raw();
    expect(after.gsi2pk).toBe(dueShardKey('DUE#REPORT', shard));
    expect(String(after.gsi2sk).slice(0, 10)).toBe('2026-03-06');
    expect((await dueSlots('REPORT', '2026-03-06')).ids.filter((id) => id === slotId)).toHaveLength(1);
  });
});
