import { documentClient } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { GetCommand, QueryCommand, ScanCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import {
  type BrokenLink,
  type ChainedAuditRecord,
  type ChainHead,
  verifyChain,
} from '#shared/domain/audit/chain';

export interface ChainReport {
  readonly chains: number;
  readonly records: number;
  /** The first broken link of each broken chain (`type#id`). */
  readonly broken: readonly (BrokenLink & { readonly chain: string })[];
}

/** An audit item as stored, without its table and index keys: the record that was hashed. */
const recordOf = ({ pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...record }: Record<string, unknown>) =>
  record as Partial<ChainedAuditRecord>;

/** Chain order: by `seq` (records of one instant may be committed in any order); unchained records first. */
const byWriteOrder = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Number(a.seq ?? 0) - Number(b.seq ?? 0) || (String(a.sk) < String(b.sk) ? -1 : 1);

/** Every item of a table, page by page (a verification run reads everything on purpose; no job does). */
async function scanAll(table: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new ScanCommand({
        TableName: table,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** One entity's chain: its audit records in write order and its head. */
export async function verifyEntityChain(type: string, id: string): Promise<ChainReport> {
  const records: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditOfEntity(type, id) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    records.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const head = await documentClient().send(
    new GetCommand({
      TableName: tableName('audit'),
      Key: keys.auditChainHead(type, id),
      ConsistentRead: true,
    }),
  );
  const broken = verifyChain(
    records.sort(byWriteOrder).map(recordOf),
    head.Item ? { seq: Number(head.Item.seq), hash: String(head.Item.hash) } : undefined,
  );
  return {
    chains: records.length || head.Item ? 1 : 0,
    records: records.length,
    broken: broken ? [{ chain: `${type}#${id}`, ...broken }] : [],
  };
}

/** Every chain: all audit records grouped by entity, each checked against its head. */
export async function verifyAllChains(): Promise<ChainReport> {
  const items = await scanAll(tableName('audit'));
  const heads = items.filter((i) => i.sk === 'HEAD');
  const records = items.filter((i) => i.sk !== 'HEAD');
  const headOf = new Map<string, ChainHead>(
    heads.map((h) => [String(h.chain), { seq: Number(h.seq), hash: String(h.hash) }]),
  );
  const byChain = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const entity = r.entity as { type: string; id: string };
    const key = `${entity.type}#${entity.id}`;
    byChain.set(key, [...(byChain.get(key) ?? []), r]);
  }
  for (const key of headOf.keys()) if (!byChain.has(key)) byChain.set(key, []);
  const broken: (BrokenLink & { chain: string })[] = [];
  for (const [key, chainRecords] of [...byChain].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const link = verifyChain(chainRecords.sort(byWriteOrder).map(recordOf), headOf.get(key));
    if (link) broken.push({ chain: key, ...link });
  }
  return { chains: byChain.size, records: records.length, broken };
}
