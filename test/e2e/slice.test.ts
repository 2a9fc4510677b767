import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectKey, type S3EventRecord } from '#shared/storage/s3-event';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

describe('the first vertical slice over HTTP, on the local runtime with real tokens', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
  });
  afterAll(() => runtime?.dispose());

  it('answers health and serves the OpenAPI document publicly', async () => {
    expect((await api('GET', '/health')).body.status).toBe('ok');
    const doc = await api('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/stations/{id}/compliance');
  });

  it("lets anyone read Jinan's districts with their streets nested", async () => {
    const res = await api('GET', '/divisions');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(13);
    expect(res.body.reduce((n: number, d: { streets: unknown[] }) => n + d.streets.length, 0)).toBe(164);
    expect(res.body[0]).toMatchObject({ code: '370102', name: '历下区' });
  });

  it('lets a district official create, edit and equip a station, then shows its compliance and audit trail', async () => {
    const created = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: {
        districtCode: '370102',
        streetCode: '370102001',
        address: '解放路 23 号',
        keyTargetGroups: ['困境儿童'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.standardName).toBe('历下区解放路街道社会工作服务站');
    const id = created.body.id as string;

    const patched = await api('PATCH', `/stations/${id}`, {
      as: 'lixia.mz',
      body: { version: 1, address: '解放路 25 号', reason: '地址更正' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);

    const site = await api('PUT', `/stations/${id}/site`, {
      as: 'jiefanglu.jd',
      body: {
        version: 2,
        location: { transport: '公交 K51 解放桥站', accessibility: '一楼，有无障碍坡道' },
        equipment: { desks: 6, computers: 5, printers: 1 },
        functionalAreas: [
          { kind: 'office', areaM2: 30.5 },
          { kind: 'casework', areaM2: '12' },
          { kind: 'groupwork', areaM2: 40, shared: true },
          { kind: 'multipurpose', areaM2: 80, shared: true },
          { kind: 'archive', areaM2: 8.25 },
        ],
      },
    });
    expect(site.status).toBe(200);
    expect(site.body.site.functionalAreas[0].areaM2).toBe('30.50');

    const compliance = await api('GET', `/stations/${id}/compliance`, { as: 'lixia.mz' });
    const flags = compliance.body.flags as { code: string; status: string; rule: string }[];
    expect(flags.find((f) => f.code === 'SITE_OFFICE_EQUIPMENT')?.status).toBe('ok');
    expect(flags.find((f) => f.code === 'FUNCTIONAL_AREA_ARCHIVE')?.status).toBe('ok');
    expect(flags.find((f) => f.code === 'SIGNAGE_OUTDOOR_PLAQUE')).toMatchObject({
      status: 'flag',
      rule: 'R6.1',
    });
    expect(flags.find((f) => f.code === 'WORK_SYSTEM_FINANCE')).toMatchObject({
      status: 'flag',
      rule: 'R7.1',
    });

    const audit = await api('GET', `/audit?entityType=station&entityId=${id}`, { as: 'lixia.mz' });
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual([
      'station.site',
      'station.update',
      'station.create',
    ]);
    expect(audit.body.items[1].reason).toBe('地址更正');
    expect(audit.body.items[0].actor.username).toBe('jiefanglu.jd');
  });

  it('keeps another district out: 403 for reading, editing or auditing a Lixia station from Shizhong', async () => {
    const list = await api('GET', '/stations?district=370102', { as: 'lixia.mz' });
    const id = list.body.items[0].id as string;
    expect((await api('GET', `/stations/${id}`, { as: 'shizhong.mz' })).status).toBe(403);
    const edit = await api('PATCH', `/stations/${id}`, {
      as: 'shizhong.mz',
      body: { version: 3, address: 'x' },
    });
    expect(edit.status).toBe(403);
    expect(edit.contentType).toContain('application/problem+json');
    expect(edit.body).toMatchObject({ code: 'OUT_OF_SCOPE', title: '超出管辖范围', status: 403 });
    expect((await api('GET', '/audit?district=370102', { as: 'shizhong.mz' })).status).toBe(403);
  });

  it('refuses bad input with problem+json naming the fields, and unknown fields too', async () => {
    const res = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '3701', streetCode: '370102002', address: '', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.title).toBe('请求参数不合法');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.districtCode', 'body.address', 'body']));
  });

  it('answers malformed JSON with 400 and a non-JSON body with 415', async () => {
    const malformed = await api('POST', '/stations', {
      as: 'lixia.mz',
      rawBody: '{"districtCode":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const text = await api('POST', '/stations', {
      as: 'lixia.mz',
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a missing or forged token with 401 before the function runs', async () => {
    expect((await api('GET', '/stations')).status).toBe(401);
    const forged = await api('GET', '/stations', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    });
    expect(forged.status).toBe(401);
  });

  it('computes working days across the National Day holiday, and marks a year without data provisional', async () => {
    const official = await api('GET', '/calendar/working-days?start=2026-09-30&add=1');
    expect(official.status).toBe(200);
    expect(official.body.provisional).toBe(false);
    expect(official.body.date > '2026-10-07').toBe(true);
    const future = await api('GET', '/calendar/working-days?start=2027-09-30&add=1');
    expect(future.body.provisional).toBe(true);
  });

  it('lets the city enter a year the package does not know, which then counts officially (B5)', async () => {
    const put = await api('PUT', '/calendar/years/2027', {
      as: 'city.mz',
      body: { holidays: ['2027-10-01', '2027-10-04'], workdays: ['2027-09-26'], basis: '演示：国办发明电' },
    });
    expect(put.status).toBe(200);
    const res = await api('GET', '/calendar/working-days?from=2027-09-26&to=2027-10-04');
    expect(res.body.provisional).toBe(false);
    expect(res.body.days).toEqual(['2027-09-26', '2027-09-27', '2027-09-28', '2027-09-29', '2027-09-30']);
  });

  it('delivers an upload under uploads/ to the report trigger in the S3 event shape, key URL-encoded', async () => {
    const s3 = new S3Client({
      endpoint: runtime.s3Url,
      forcePathStyle: true,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await s3.send(
      new PutObjectCommand({ Bucket: 'sgz-reports', Key: 'uploads/月度 简报.pdf', Body: '%PDF-1.7' }),
    );
    await runtime.s3.drain();
    s3.destroy();
    const [delivery] = runtime.s3.deliveries;
    if (!delivery) throw new Error('the trigger was not invoked');
    // The key arrives URL-encoded as S3 sends it; the handler parsed the event and decoded it.
    expect(JSON.stringify(delivery.event)).toContain('uploads/%E6%9C%88%E5%BA%A6+%E7%AE%80%E6%8A%A5.pdf');
    // A key the system did not hand out is quarantined as unmatched, not guessed at.
    expect(delivery).toMatchObject({
      trigger: 'validate-report',
      result: { received: 1, failed: 0, outcomes: { unmatched: 1 } },
    });
    expect(objectKey((delivery.event as { Records: S3EventRecord[] }).Records[0] as S3EventRecord)).toBe(
      'uploads/月度 简报.pdf',
    );
  });

  it('fires a job with the scheduler payload and gets its summary back', async () => {
    const summary = await runtime.scheduler.fire('report-deadlines', new Date('2026-11-25T00:30:00Z'));
    expect(summary).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
  });
});
