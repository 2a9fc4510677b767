import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-record';

/**
 * R29.1, tamper evidence: the audit records of one entity form a hash chain. Each record carries its place in
 * the chain (`seq`, from 1), the hash of the record before it (`prevHash`, 64 zeros for the first) and its own
 * `hash`, the SHA-256 of its canonical JSON (keys sorted at every level) without `hash`. The chain's head (the
 * last `seq` and `hash`) is kept beside the entity's records, so removing the newest record is noticed too.
 * Altering, removing or reordering any record breaks the chain at that record.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}
export type ChainedAuditRecord = AuditRecord & ChainLink;
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** JSON with object keys sorted, so the same record always hashes the same whatever order its keys were built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashOf(record: AuditRecord & Omit<ChainLink, 'hash'>): string {
  const { hash: _ignored, ...content } = record as AuditRecord & Partial<ChainLink>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** Appends records to a chain whose head is `head` (undefined: a new chain). */
export function chain(records: readonly AuditRecord[], head: ChainHead | undefined): ChainedAuditRecord[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return records.map((record) => {
    seq += 1;
    const linked = { ...record, seq, prevHash };
    const hash = hashOf(linked);
    prevHash = hash;
    return { ...linked, hash };
  });
}

export interface BrokenLink {
  readonly seq: number | undefined;
  readonly id: string | undefined;
  readonly reason: string;
}

/**
 * Checks one entity's chain: its records in write order (oldest first) and its head. Returns the first broken
 * link, if any: a record whose content no longer matches its hash, a gap or repeat in `seq`, a `prevHash` that
 * is not the hash before it, or a head that is not the last record (the newest records were removed).
 */
export function verifyChain(
  records: readonly Partial<ChainedAuditRecord>[],
  head: ChainHead | undefined,
): BrokenLink | undefined {
  let prev: ChainHead = { seq: 0, hash: GENESIS_HASH };
  for (const record of records) {
    const at = { seq: record.seq, id: record.id };
    if (record.hash === undefined || record.seq === undefined || record.prevHash === undefined) {
      return { ...at, reason: '记录不在哈希链上（缺少 seq/prevHash/hash）' };
    }
    if (record.seq !== prev.seq + 1) {
      return { ...at, reason: `序号不连续：应为 ${prev.seq + 1}，实为 ${record.seq}（有记录被删除或插入）` };
    }
    if (record.prevHash !== prev.hash) return { ...at, reason: 'prevHash 与前一条记录的哈希不符' };
    if (hashOf(record as ChainedAuditRecord) !== record.hash) {
      return { ...at, reason: '记录内容与其哈希不符（记录被修改）' };
    }
    prev = { seq: record.seq, hash: record.hash };
  }
  if (!head) {
    return records.length === 0 ? undefined : { seq: undefined, id: undefined, reason: '链头缺失' };
  }
  if (head.seq !== prev.seq || head.hash !== prev.hash) {
    return {
      seq: prev.seq + 1,
      id: undefined,
      reason: `链头指向第 ${head.seq} 条，实有 ${prev.seq} 条（最新的记录被删除）`,
    };
  }
  return undefined;
}
