import { ensureTables, startDynamoLocal } from '#infra/local/dynamodb';
import { freePort } from '#infra/local/ports';
import { resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { forgetDivisionsCache, listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { DUE_SHARDS, duePartitionOfKey } from '#shared/adapters/dynamodb/keys';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { type BenchOptions, fmtInt, progress, type Section, type Target, table } from './lib';
import { nationalUnits } from './national';

/**
 * 10. Hot partitions (issue 20 item 2). The national data of section 3 (./national.ts: 40,000 stations over 3,000
 * county-level units, as of 2026-11-23) is generated, not written: for each byDue partition, the items due on its
 * busiest day of the next 60 days are the writes its job makes that day, and each is counted under the partition
 * key it writes in every index: byDue (before sharding the partition's one key, now its shard), byDistrict
 * (gsi1pk), byOrg (gsi3pk) and the audit table's byScope (`SCOPE#<district>`, one audit record per item acted on).
 *
 * A key's peak write rate is projected, not measured: the worker acts on up to WORKER_ITEMS_PER_S items a second
 * (section 9's projection to AWS, 20 invocations × 10 items), in no particular order, so a key holding a share of
 * the day's items takes that share of the rate; a day shorter than a second puts all of a key's writes in that
 * second. An index write costs ceil(item size / 1 KB) WCU (every index projects ALL attributes); a byDue entry that
 * moves to a later date is a delete and a put in the index (two writes), a byDistrict or byOrg entry an update of
 * the one entry, an audit record one put (its size taken as under 1 KB).
 */
const DAY = '2026-11-23';
const SCHEDULED = new Date(`${DAY}T01:00:00.000Z`);
const HORIZON = '2027-01-22';
/** Section 9: the fanned-out worker's throughput projected to AWS (10 × 20 items in flight, 170 ms a batch). */
const WORKER_ITEMS_PER_S = 1_176;
/** DynamoDB's limit per partition (and per partition key of an index). */
const PARTITION_WCU_PER_S = 1_000;
/** The most a key may take at the projected peak: half the limit, for the hash's unevenness and retries. */
const TARGET_WCU_PER_S = PARTITION_WCU_PER_S / 2;

/** DynamoDB's item size: attribute names and values, UTF-8 (numbers and booleans approximated). */
function itemBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (typeof value === 'boolean') return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + itemBytes(v), 0);
  if (typeof value === 'object')
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (n, [k, v]) => n + Buffer.byteLength(k) + 1 + itemBytes(v),
        0,
      )
    );
  return 8;
}

interface DueWrite {
  readonly partition: string;
  readonly day: string;
  readonly byDueBefore: string;
  readonly byDueAfter: string;
  readonly byDistrict: string | undefined;
  readonly byOrg: string | undefined;
  readonly byScope: string;
  readonly wcu: number;
}

interface KeyLoad {
  readonly keys: number;
  readonly maxItems: number;
  readonly maxKey: string;
  /** Projected peak WCU/s of the busiest key. */
  readonly peak: number;
}

function loadOf(
  writes: readonly DueWrite[],
  keyOf: (w: DueWrite) => string | undefined,
  perItem: (w: DueWrite) => number,
): KeyLoad {
  const items = new Map<string, number>();
  const wcu = new Map<string, number>();
  for (const w of writes) {
    const k = keyOf(w);
    if (k === undefined) continue;
    items.set(k, (items.get(k) ?? 0) + 1);
    wcu.set(k, (wcu.get(k) ?? 0) + perItem(w));
  }
  // The day's run lasts writes / rate seconds, at least one.
  const seconds = Math.max(1, writes.length / WORKER_ITEMS_PER_S);
  let maxItems = 0;
  let maxKey = '–';
  let peak = 0;
  for (const [k, n] of items) {
    if (n > maxItems) {
      maxItems = n;
      maxKey = k;
    }
    peak = Math.max(peak, (wcu.get(k) ?? 0) / seconds);
  }
  return { keys: items.size, maxItems, maxKey, peak };
}

export async function runPartitions(options: BenchOptions): Promise<Section> {
  const full = options.scale === 'full';
  const config = full ? { stations: 40_000, districts: 3_000 } : { stations: 2_000, districts: 150 };
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const saved = { ...process.env };
  try {
    // Only the reference data (policies, calendar, divisions) the generator needs is read from DynamoDB Local.
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.MAIN_TABLE_NAME = 'bench-partitions-main';
    process.env.AUDIT_TABLE_NAME = 'bench-partitions-audit';
    resetDocumentClient();
    forgetDivisionsCache();
    await ensureTables(dynamo.endpoint, { main: 'bench-partitions-main', audit: 'bench-partitions-audit' });
    await seedReferenceData(systemActor(new Date()));
    const [policies, calendar, divisions] = await Promise.all([
      listPolicyVersions(),
      loadWorkingCalendar(),
      listDivisions(),
    ]);
    progress(
      `partitions: generating ${fmtInt(config.stations)} stations over ${fmtInt(config.districts)} county-level units`,
    );
    const writes: DueWrite[] = [];
    for (const unit of nationalUnits({
      ...config,
      day: DAY,
      instant: SCHEDULED,
      policies,
      calendar,
      jinan: divisions,
    }))
      for (const item of unit.items) {
        if (typeof item.gsi2pk !== 'string' || typeof item.gsi2sk !== 'string') continue;
        const day = item.gsi2sk.slice(0, 10);
        if (day < DAY || day > HORIZON) continue;
        const partition = duePartitionOfKey(item.gsi2pk);
        writes.push({
          partition,
          day,
          byDueBefore: partition,
          byDueAfter: item.gsi2pk,
          byDistrict: typeof item.gsi1pk === 'string' ? item.gsi1pk : undefined,
          byOrg: typeof item.gsi3pk === 'string' ? item.gsi3pk : undefined,
          byScope: `SCOPE#${typeof item.districtCode === 'string' ? item.districtCode : 'CITY'}`,
          wcu: Math.ceil(itemBytes(item) / 1024),
        });
      }

    // Each partition's busiest day: the most items due on one date.
    const byPartition = new Map<string, Map<string, DueWrite[]>>();
    for (const w of writes) {
      const days = byPartition.get(w.partition) ?? new Map<string, DueWrite[]>();
      const list = days.get(w.day) ?? [];
      list.push(w);
      days.set(w.day, list);
      byPartition.set(w.partition, days);
    }
    const rows = [...byPartition]
      .map(([partition, days]) => {
        const [day, due] = [...days].sort((a, b) => b[1].length - a[1].length)[0] as [string, DueWrite[]];
        return {
          partition,
          day,
          due,
          wcuPerItem: due.reduce((n, w) => n + w.wcu, 0) / due.length,
          before: loadOf(
            due,
            (w) => w.byDueBefore,
            (w) => 2 * w.wcu,
          ),
          after: loadOf(
            due,
            (w) => w.byDueAfter,
            (w) => 2 * w.wcu,
          ),
          district: loadOf(
            due,
            (w) => w.byDistrict,
            (w) => w.wcu,
          ),
          org: loadOf(
            due,
            (w) => w.byOrg,
            (w) => w.wcu,
          ),
          scope: loadOf(
            due,
            (w) => w.byScope,
            () => 1,
          ),
        };
      })
      .sort((a, b) => b.due.length - a.due.length);

    const f = (n: number) => fmtInt(Math.round(n));
    const headers = [
      'byDue partition',
      'busiest day',
      '>items',
      '>WCU per item',
      '>byDue max items per key: before → after',
      '>byDue peak WCU/s per key: before → after',
      '>byDistrict max items / peak WCU/s',
      '>byOrg max items / peak WCU/s',
      '>audit byScope max items / peak WCU/s',
    ];
    const cells = rows.map((r) => [
      r.partition,
      r.day,
      fmtInt(r.due.length),
      r.wcuPerItem.toFixed(1),
      `${fmtInt(r.before.maxItems)} (1 key) → ${fmtInt(r.after.maxItems)} (${r.after.keys} keys)`,
      `${f(r.before.peak)} → ${f(r.after.peak)}`,
      `${fmtInt(r.district.maxItems)} / ${f(r.district.peak)}`,
      `${fmtInt(r.org.maxItems)} / ${f(r.org.peak)}`,
      `${fmtInt(r.scope.maxItems)} / ${f(r.scope.peak)}`,
    ]);
    const tbl = table(headers, cells);
    const hottest = (pick: (r: (typeof rows)[number]) => KeyLoad) =>
      rows.reduce((a, r) => (pick(r).peak > pick(a).peak ? r : a), rows[0] as (typeof rows)[number]);
    const busiest = rows[0] as (typeof rows)[number];
    const others = (['district', 'org', 'scope'] as const).map((k) => ({ k, r: hottest((r) => r[k]) }));
    const byDueAfter = hottest((r) => r.after);
    const byDueBefore = hottest((r) => r.before);
    const targets: Target[] = [
      {
        name: `national busiest day: no byDue partition key over ${fmtInt(TARGET_WCU_PER_S)} WCU/s (half a partition's ${fmtInt(PARTITION_WCU_PER_S)}) at the worker's projected peak`,
        met: byDueAfter.after.peak <= TARGET_WCU_PER_S,
        detail: `${busiest.partition} on ${busiest.day}, ${fmtInt(busiest.due.length)} items: max per key ${fmtInt(busiest.before.maxItems)} → ${fmtInt(busiest.after.maxItems)} over ${DUE_SHARDS} shards; hottest byDue key ${f(byDueBefore.before.peak)} WCU/s before (${byDueBefore.partition}) → ${f(byDueAfter.after.peak)} WCU/s after (${byDueAfter.partition})`,
        why: 'a shard still takes more than half a partition at the projected peak',
        fix: 'raise DUE_SHARDS (shared/adapters/dynamodb/keys.ts) and the derivation in docs/architecture.md',
      },
      {
        name: `national busiest days: no byDistrict, byOrg or audit byScope partition key over ${fmtInt(TARGET_WCU_PER_S)} WCU/s`,
        met: others.every(({ k, r }) => r[k].peak <= TARGET_WCU_PER_S),
        detail: others
          .map(
            ({ k, r }) =>
              `${k}: ${r[k].maxKey} ${f(r[k].peak)} WCU/s (${r.partition} ${r.day}, ${fmtInt(r[k].maxItems)} items)`,
          )
          .join('; '),
        why: 'one of these keys gathers a share of the busiest day large enough to pass the limit',
        fix: 'shard that index key as byDue is sharded, and its readers query every shard',
      },
    ];
    const note = `Generated, not written: the national data of section 3 (${fmtInt(config.stations)} stations over ${fmtInt(config.districts)} county-level units, as of ${DAY}), ${fmtInt(writes.length)} byDue entries due in the next 60 days. For each byDue partition its busiest day: the items due then are the writes its job makes, each counted under the key it writes in every index. *Peak WCU/s per key*: projected at the worker's ${fmtInt(WORKER_ITEMS_PER_S)} items/s (section 9), a key taking its share of the day's items (all of them within one second when the day is shorter); an index write costs ceil(item size / 1 KB) WCU (ALL projection), a byDue entry moving to its next date two (delete and put), an audit record one. DynamoDB takes at most ${fmtInt(PARTITION_WCU_PER_S)} WCU/s per partition key; the target is half. *Before*: each partition one key, as written before issue 20; *after*: ${DUE_SHARDS} shards (keys.ts DUE_SHARDS, derivation in docs/architecture.md).`;
    return {
      id: 'partitions',
      title: '10. Hot partitions',
      markdown: `${note}\n\n${tbl.md}`,
      text: `${note}\n\n${tbl.text}`,
      targets,
    };
  } finally {
    process.env = saved;
    resetDocumentClient();
    await dynamo.stop();
  }
}
