import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '#shared/domain/audit/audit-record';
import { canonicalJson, chain, GENESIS_HASH, hashOf, verifyChain } from '#shared/domain/audit/chain';

const record = (n: number): AuditRecord => ({
  id: `01J${String(n).padStart(23, '0')}`,
  at: `2026-11-25T02:00:${String(n).padStart(2, '0')}.000Z`,
  action: 'station.update',
  entity: { type: 'station', id: 'S1' },
  actor: { sub: 'u1', username: 'lixia.mz', roles: ['district_civil_affairs'] },
  scope: { district: '370102' },
  before: { address: `旧地址 ${n}` },
  after: { address: `新地址 ${n}`, areaHundredths: 12_000 + n },
});

describe('the audit hash chain (R29.1)', () => {
  const five = chain([1, 2, 3, 4, 5].map(record), undefined);
  const head = { seq: 5, hash: five[4]?.hash ?? '' };

  it('links each record to the one before, from the genesis hash, and verifies', () => {
    expect(five.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(five[0]?.prevHash).toBe(GENESIS_HASH);
    expect(five[3]?.prevHash).toBe(five[2]?.hash);
    expect(verifyChain(five, head)).toBeUndefined();
  });

  it('continues an existing chain from its head', () => {
    const more = chain([record(6)], head);
    expect(more[0]).toMatchObject({ seq: 6, prevHash: head.hash });
    expect(verifyChain([...five, ...more], { seq: 6, hash: more[0]?.hash ?? '' })).toBeUndefined();
  });

  it('names the altered record when any field of it changes', () => {
    const altered = five.map((r) =>
      r.seq === 3 ? { ...r, after: { ...(r.after as object), address: '篡改' } } : r,
    );
    expect(verifyChain(altered, head)).toMatchObject({
      seq: 3,
      id: five[2]?.id,
      reason: expect.stringContaining('被修改'),
    });
  });

  it('names the place of a removed, a reordered and an unchained record', () => {
    expect(
      verifyChain(
        [five[0], five[1], five[3], five[4]].filter((r) => r !== undefined),
        head,
      ),
    ).toMatchObject({
      seq: 4,
      reason: expect.stringContaining('序号不连续'),
    });
    const swapped = [five[0], five[2], five[1], five[3], five[4]].filter((r) => r !== undefined);
    expect(verifyChain(swapped, head)?.seq).toBe(3);
    const {
      hash: _h,
      seq: _s,
      prevHash: _p,
      ...bare
    } = five[0] ?? { ...record(0), seq: 0, prevHash: '', hash: '' };
    expect(verifyChain([bare], undefined)?.reason).toContain('不在哈希链上');
  });

  it('notices the newest records removed, through the head', () => {
    expect(verifyChain(five.slice(0, 4), head)).toMatchObject({
      seq: 5,
      reason: expect.stringContaining('最新的记录被删除'),
    });
    expect(verifyChain(five, undefined)?.reason).toBe('链头缺失');
  });

  it('hashes a record the same whatever the order of its keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
    const r = five[0];
    if (!r) throw new Error('no record');
    const reordered = Object.fromEntries(Object.entries(r).reverse()) as typeof r;
    expect(hashOf(reordered)).toBe(r.hash);
  });
});
