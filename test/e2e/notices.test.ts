import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkRequest } from '#infra/local/sink';
import { verifyBody } from '#shared/adapters/notify/signing';
import { resetClock, setClock } from '#shared/clock';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Notices by channel over HTTP on the local runtime: a party sets a mobile phone (shown masked), a complaint filed
 * by the public reaches the district's inbox at once and, from the notice-delivery job, its phone by SMS (the
 * `generic` gateway format) and the city's bus by the signed webhook — both received by the runtime's sink, which
 * records them; this test checks what was sent and its signature, with the secrets the runtime made.
 */
describe('notices by channel over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  const filedAt = new Date('2026-09-24T02:00:00Z');
  const secretOf = (envVar: string) =>
    JSON.parse(readFileSync(String(process.env[envVar]).replace(/^file:/, ''), 'utf8')).secret as string;
  const received = (path: string): SinkRequest[] => {
    try {
      return readFileSync(runtime.sink.file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SinkRequest)
        .filter((r) => r.url === path);
    } catch {
      return [];
    }
  };
  const signedBy = (secret: string, r: SinkRequest) =>
    verifyBody(
      secret,
      { timestamp: r.headers['x-sgz-timestamp'], signature: r.headers['x-sgz-signature'] },
      r.body,
      new Date(),
    );

  beforeAll(async () => {
    setClock(() => filedAt);
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('takes a mainland mobile number, stores it sealed and shows it masked', async () => {
    const refused = await api('PUT', '/notification-settings', {
      as: 'lixia.mz',
      body: { email: null, phone: '12812345678', version: 0 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.body)).toContain('手机号码应为中国大陆 11 位手机号');

    const set = await api('PUT', '/notification-settings', {
      as: 'lixia.mz',
      body: { email: null, phone: '13812345678', version: 0 },
    });
    expect(set.status).toBe(200);
    const read = await api('GET', '/notification-settings', { as: 'lixia.mz' });
    expect(read.body).toMatchObject({
      phone: '138****5678',
      version: 1,
      channels: ['email', 'sms', 'webhook'],
    });
    expect(JSON.stringify(read.body)).not.toContain('13812345678');
  });

  it('delivers a public complaint’s notice to the district by SMS and webhook from the job, once, signed', async () => {
    const stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id as string;
    const filed = await api('POST', '/public/complaints', {
      body: { stationId, content: '周末活动室不开放' },
    });
    expect(filed.status).toBe(201);
    const inbox = await api('GET', '/notifications', { as: 'lixia.mz' });
    expect(inbox.body.items[0].title).toMatch(/^【投诉】/);
    // The public function sends nothing: the job does, at its next run.
    expect(received('/sms')).toEqual([]);

    setClock(() => new Date(filedAt.getTime() + 60_000));
    await runtime.scheduler.fire('notice-delivery');
    await runtime.scheduler.fire('notice-delivery');

    const sms = received('/sms');
    expect(sms).toHaveLength(1);
    expect(JSON.parse(sms[0]?.body ?? '{}')).toMatchObject({
      phone: '13812345678',
      templateId: 'SGZ_NOTICE',
      params: { kind: '投诉' },
    });
    expect(signedBy(secretOf('SMS_SECRET'), sms[0] as SinkRequest)).toBe(true);
    expect(signedBy('not-the-secret', sms[0] as SinkRequest)).toBe(false);

    const hooks = received('/webhook');
    // Every notice goes to the bus: the district's complaint notice (and no other was committed).
    expect(hooks).toHaveLength(1);
    expect(JSON.parse(hooks[0]?.body ?? '{}')).toMatchObject({
      party: 'district_civil_affairs:370102',
      type: 'complaint.received',
    });
    expect(signedBy(secretOf('WEBHOOK_SECRET'), hooks[0] as SinkRequest)).toBe(true);
  });

  it('lists failed deliveries to the district roles of their district and to the city only', async () => {
    expect((await api('GET', '/notification-deliveries?status=failed', { as: 'lixia.mz' })).body).toEqual({
      items: [],
    });
    expect((await api('GET', '/notification-deliveries?status=failed', { as: 'city.mz' })).status).toBe(200);
    expect(
      (await api('GET', '/notification-deliveries?status=failed&district=370102', { as: 'shizhong.mz' }))
        .status,
    ).toBe(403);
    expect((await api('GET', '/notification-deliveries', { as: 'lixia.mz' })).status).toBe(200);
    expect((await api('GET', '/notification-deliveries?status=sent', { as: 'lixia.mz' })).status).toBe(400);
  });
});
