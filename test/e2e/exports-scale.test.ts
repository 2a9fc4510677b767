import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { createRecipientWrite, sealRecipient } from '#shared/adapters/dynamodb/recipients.repository';
import { BatchWriteCommand } from '#shared/adapters/dynamodb/store-client';
import { resetClock, setClock } from '#shared/clock';
import { tableName } from '#shared/config';
import type { Recipient } from '#shared/domain/recipients/recipient';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * An export at a district's scale: two stations of 历下区 with 2,600 service recipients each (5,200; written straight
 * into the runtime's DynamoDB Local, sealed as the register seals them, to spare 5,200 API calls). The district
 * exports them all masked, one street in full, and is refused a full file of more than 5,000 people, which stores
 * and audits nothing. Prints the time and the process's heap rise of each export.
 */
describe('export at a district’s scale', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  const PER_STATION = 2_600;
  const figures: string[] = [];

  async function seed(station: { id: string; streetCode: string }, from: number) {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < PER_STATION; i++) {
      const n = from + i;
      const id = ulid(Date.parse('2026-06-01T00:00:00Z') + n);
      const at = new Date(Date.parse('2026-06-01T00:00:00Z') + n).toISOString();
      const recipient: Recipient = {
        id,
        stationId: station.id,
        districtCode: '370102',
        streetCode: station.streetCode,
        status: 'active',
        category: 'left_behind_elderly',
        ...(await sealRecipient(id, {
          name: `测试对象${n}`,
          phone: `138${String(n).padStart(8, '0')}`,
          address: `历下区测试路 ${n} 号`,
        })),
        birthDate: '1950-01-01',
        consent: { givenOn: '2026-06-01', scope: '建档', givenBy: 'self', sensitiveDataConsent: true },
        registeredOn: '2026-06-01',
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      items.push(createRecipientWrite(recipient).item.Put?.Item as Record<string, unknown>);
    }
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    for (let i = 0; i < batches.length; i += 8) {
      await Promise.all(
        batches.slice(i, i + 8).map(async (batch) => {
          let pending: Record<string, unknown[]> | undefined = {
            [tableName('main')]: batch.map((Item) => ({ PutRequest: { Item } })),
          };
          while (pending && Object.keys(pending).length > 0) {
            const out = await documentClient().send(
              new BatchWriteCommand({
                RequestItems: pending as NonNullable<BatchWriteCommand['input']['RequestItems']>,
              }),
            );
            pending = out.UnprocessedItems as Record<string, unknown[]> | undefined;
          }
        }),
      );
    }
  }

  async function timedExport(body: object) {
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    let peak = heap;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const started = performance.now();
    const reply = await api('POST', '/exports', { as: 'lixia.mz', body });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return { reply, seconds, heapRiseMb: (peak - heap) / 2 ** 20 };
  }

  async function rows(url: string) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(url)).arrayBuffer());
    const ws = book.worksheets[0] as ExcelJS.Worksheet;
    return Array.from({ length: ws.rowCount - 1 }, (_, r) => ws.getRow(r + 2).values as unknown[]);
  }

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const stations = [];
    for (const streetCode of ['370102001', '370102002']) {
      const created = await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode, address: '测试地址' },
      });
      stations.push({ id: created.body.id as string, streetCode });
    }
    await seed(stations[0] as { id: string; streetCode: string }, 0);
    await seed(stations[1] as { id: string; streetCode: string }, PER_STATION);
    // The handler's first call loads its modules (exceljs among them): not part of an export's figure.
    expect((await api('POST', '/exports', { as: 'lixia.mz', body: { kind: 'stations' } })).status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    if (figures.length > 0) console.log(`export figures:\n${figures.join('\n')}`);
    resetClock();
    await runtime?.dispose();
  });

  it('exports all 5,200 recipients of the district masked, page by page', async () => {
    const { reply, seconds, heapRiseMb } = await timedExport({ kind: 'recipients' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.rows).toBe(2 * PER_STATION);
    figures.push(`masked, 5,200 rows: ${seconds.toFixed(1)} s, heap rise ${heapRiseMb.toFixed(0)} MB`);
    const data = await rows(reply.body.downloadUrl);
    expect(data).toHaveLength(2 * PER_STATION);
    expect(data.every((r) => /^测\*+\d$/.test(String(r[2])))).toBe(true);
    expect(JSON.stringify(data)).not.toMatch(/测试对象|13800000/);
  }, 120_000);

  it('refuses a full file of more than 5,000 people, storing and auditing nothing', async () => {
    const before = await api('GET', '/audit?district=370102&limit=100', { as: 'lixia.mz' });
    const { reply } = await timedExport({ kind: 'recipients', unmasked: true, reason: '核查' });
    expect(reply).toMatchObject({ status: 422, body: { code: 'EXPORT_TOO_LARGE' } });
    expect(reply.body.detail).toContain('街道');
    const after = await api('GET', '/audit?district=370102&limit=100', { as: 'lixia.mz' });
    expect(after.body.items.length).toBe(before.body.items.length);
  }, 120_000);

  it('exports one street’s 2,600 in full, audited with every one of them', async () => {
    const { reply, seconds, heapRiseMb } = await timedExport({
      kind: 'recipients',
      streetCode: '370102001',
      unmasked: true,
      reason: '年度核查',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.rows).toBe(PER_STATION);
    figures.push(`unmasked, 2,600 rows: ${seconds.toFixed(1)} s, heap rise ${heapRiseMb.toFixed(0)} MB`);
    const data = await rows(reply.body.downloadUrl);
    expect(data.map((r) => r[2])).toContain('测试对象0');
    const audit = await api('GET', `/audit?entityType=export&entityId=${reply.body.id}`, { as: 'lixia.mz' });
    expect(audit.body.items[0].after.ids).toHaveLength(PER_STATION);
  }, 120_000);
});
