import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SinkAnswer, type SinkRequest, startSink } from '#infra/local/sink';
import { LocalFanOut } from '#infra/local/work-queue';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { claimDelivery, getDelivery } from '#shared/adapters/dynamodb/deliveries.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import { GetCommand } from '#shared/adapters/dynamodb/store-client';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { DELIVERY_JOB } from '#shared/adapters/notify/delivery-job';
import { forgetSecrets } from '#shared/adapters/notify/secrets';
import { verifyBody } from '#shared/adapters/notify/signing';
import { tc3Sign } from '#shared/adapters/notify/sms';
import {
  deliverNotices,
  listFailedDeliveries,
  runNoticeDelivery,
} from '#shared/application/notify/deliveries.use-case';
import {
  DELIVERY_PARTITION,
  dispatchNoticeDelivery,
  HAND_ON_MINUTES,
} from '#shared/application/notify/delivery-fan-out.use-case';
import {
  listInbox,
  notificationWrites,
  notify,
  readSettings,
  writeSettings,
} from '#shared/application/reports/notifications.use-case';
import { resetClock, setClock } from '#shared/clock';
import { tableName } from '#shared/config';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { DELIVERY_ERRORS, RETRY_SCHEDULE_MINUTES } from '#shared/domain/notify/delivery';
import type { Notification } from '#shared/domain/reports/submission';
import { workMessage } from '#shared/jobs/fan-out';
import { actor, cityOfficial, LIXIA, lixiaOfficial, shizhongOfficial } from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

/**
 * Notices by channel on DynamoDB Local, with SMS (the `generic` gateway format) and the signed webhook posted to a
 * real local HTTP server (the sink of infra/local), which records each request and, when a test says so, fails on
 * purpose. What was sent is read from the sink's file and its signature checked here, as a receiver would.
 */
const PHONE = '13812345678';
const LIXIA_PARTY = `district_civil_affairs:${LIXIA}`;
const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);

describe('notices by SMS and webhook', () => {
  let dir: string;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let webhookAnswer: SinkAnswer = { status: 200, body: '{}' };
  const secrets = { sms: 'sms-hmac-secret', webhook: 'bus-hmac-secret' };
  const saved = { ...process.env };

  const received = (path: '/sms' | '/webhook', deliveryId: string): SinkRequest[] => {
    let text = '';
    try {
      text = readFileSync(sink.file, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SinkRequest)
      .filter((r) => r.url === path && r.headers['x-sgz-delivery'] === deliveryId);
  };
  const commitNotice = async (title: string, at: Date): Promise<Notification> => {
    const [note] = notify(
      [{ role: 'district_civil_affairs', district: LIXIA }],
      { type: 'complaint.received', title, body: '收到一件投诉。', subject: { type: 'complaint', id: 'C1' } },
      at,
    );
    await commitWithAudit(notificationWrites([note as Notification]), []);
    return note as Notification;
  };

  beforeAll(async () => {
    await freshTables();
    dir = mkdtempSync(join(tmpdir(), 'sgz-notice-'));
    sink = await startSink({
      port: 0,
      file: join(dir, 'requests.jsonl'),
      respond: (r) => (r.url === '/webhook' ? webhookAnswer : { status: 200, body: '{}' }),
    });
    writeFileSync(join(dir, 'sms.json'), JSON.stringify({ secret: secrets.sms }));
    writeFileSync(join(dir, 'webhook.json'), JSON.stringify({ secret: secrets.webhook }));
    Object.assign(process.env, {
      NOTICE_CHANNELS: 'sms,webhook',
      SMS_PROVIDER: 'generic',
      SMS_ENDPOINT: `${sink.url}/sms`,
      SMS_SECRET: `file:${join(dir, 'sms.json')}`,
      SMS_SIGN_NAME: '济南社工站',
      SMS_TEMPLATES: JSON.stringify({
        'complaint.received': { templateId: 'SGZ_COMPLAINT', params: { kind: 'kind', title: 'title' } },
      }),
      WEBHOOK_FORMAT: 'signed',
      WEBHOOK_URL: `${sink.url}/webhook`,
      WEBHOOK_SECRET: `file:${join(dir, 'webhook.json')}`,
    });
    delete process.env.MAIL_OUTBOX_DIR;
    forgetSecrets();
    await writeSettings(actor(lixiaOfficial), { email: null, phone: PHONE, version: 0 });
  });
  afterAll(async () => {
    process.env = saved;
    forgetSecrets();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the phone sealed, shows and audits it masked', async () => {
    const raw = await documentClient().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.contact(LIXIA_PARTY) }),
    );
    expect(JSON.stringify(raw.Item)).not.toContain(PHONE);
    expect(raw.Item?.phone).toBe('138****5678');
    expect(String(raw.Item?.sealed?.phone)).toMatch(/^enc:v1:/);
    expect(await readSettings(lixiaOfficial)).toMatchObject({
      phone: '138****5678',
      channels: ['sms', 'webhook'],
    });
    const audit = await queryAudit({ entityType: 'contact', entityId: LIXIA_PARTY }, 10);
    expect(audit.items).toHaveLength(1);
    expect(JSON.stringify(audit.items)).not.toContain(PHONE);
    expect(JSON.stringify(audit.items)).not.toContain('enc:v1:');
  });

  it('keeps the sealed phone when only the e-mail changes, and clears it with null', async () => {
    const kept = await writeSettings(actor(lixiaOfficial), { email: 'lixia@example.test', version: 1 });
    expect(kept.phone).toBe('138****5678');
    const cleared = await writeSettings(actor(lixiaOfficial), { email: null, phone: null, version: 2 });
    expect(cleared.phone).toBeNull();
    await writeSettings(actor(lixiaOfficial), { email: null, phone: PHONE, version: 3 });
  });

  it('sends a notice’s SMS and webhook from the job, signed, once — however often it is run or redelivered', async () => {
    const t0 = new Date('2026-11-25T02:00:00Z');
    const note = await commitNotice('【投诉】解放路街道社工站', t0);
    // After the commit the function holds no SMS or webhook adapter: both wait for the job.
    await deliverNotices([note], t0);
    expect(received('/sms', `${note.id}.sms`)).toEqual([]);
    // The job runs twice at once, and again; the committing process "redelivers".
    await Promise.all([runNoticeDelivery(t0, DELIVERY_JOB), runNoticeDelivery(t0, DELIVERY_JOB)]);
    await runNoticeDelivery(minutes(t0, 1), DELIVERY_JOB);
    await deliverNotices([note], minutes(t0, 1));

    const [sms, ...moreSms] = received('/sms', `${note.id}.sms`);
    expect(moreSms).toEqual([]);
    expect(
      sms &&
        verifyBody(
          secrets.sms,
          { timestamp: sms.headers['x-sgz-timestamp'], signature: sms.headers['x-sgz-signature'] },
          sms.body,
          new Date(),
        ),
    ).toBe(true);
    expect(JSON.parse(sms?.body ?? '{}')).toEqual({
      id: `${note.id}.sms`,
      phone: PHONE,
      signName: '济南社工站',
      templateId: 'SGZ_COMPLAINT',
      params: { kind: '投诉', title: '解放路街道社工站' },
    });
    const [hook, ...moreHooks] = received('/webhook', `${note.id}.webhook`);
    expect(moreHooks).toEqual([]);
    expect(
      hook &&
        verifyBody(
          secrets.webhook,
          { timestamp: hook.headers['x-sgz-timestamp'], signature: hook.headers['x-sgz-signature'] },
          hook.body,
          new Date(),
        ),
    ).toBe(true);
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({ title: note.title, party: LIXIA_PARTY });

    expect(await getDelivery(LIXIA_PARTY, note.id, 'sms')).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipient: '138****5678',
    });
  });

  it('sends the same notice in Alibaba Cloud’s and Tencent Cloud’s formats, each signature verifying', async () => {
    const all = () =>
      readFileSync(sink.file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SinkRequest);
    writeFileSync(
      join(dir, 'cloud.json'),
      JSON.stringify({
        accessKeyId: 'LTAIlocal',
        accessKeySecret: 'ali-secret',
        secretId: 'AKIDlocal',
        secretKey: 'tc-secret',
      }),
    );
    const saved = {
      provider: process.env.SMS_PROVIDER,
      endpoint: process.env.SMS_ENDPOINT,
      secret: process.env.SMS_SECRET,
    };
    process.env.SMS_SECRET = `file:${join(dir, 'cloud.json')}`;
    process.env.SMS_APP_ID = '1400000000';
    try {
      // Alibaba Cloud: form parameters, HMAC-SHA1 over POST&%2F&<encoded sorted parameters>, key secret + '&'.
      process.env.SMS_PROVIDER = 'aliyun';
      process.env.SMS_ENDPOINT = `${sink.url}/aliyun`;
      const t0 = new Date('2026-11-29T02:00:00Z');
      const ali = await commitNotice('【投诉】阿里云格式', t0);
      await runNoticeDelivery(minutes(t0, 6), DELIVERY_JOB);
      const aliRequests = all().filter(
        (r) => r.url === '/aliyun' && r.body.includes(encodeURIComponent(`${ali.id}.sms`)),
      );
      expect(aliRequests).toHaveLength(1);
      const form = new URLSearchParams(aliRequests[0]?.body);
      expect(form.get('PhoneNumbers')).toBe(PHONE);
      expect(form.get('AccessKeyId')).toBe('LTAIlocal');
      const enc = (v: string) =>
        encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      const canonical = [...form]
        .filter(([k]) => k !== 'Signature')
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${enc(k)}=${enc(v)}`)
        .join('&');
      expect(form.get('Signature')).toBe(
        createHmac('sha1', 'ali-secret&')
          .update(`POST&%2F&${enc(canonical)}`)
          .digest('base64'),
      );

      // Tencent Cloud: JSON, TC3-HMAC-SHA256 over the canonical request (content-type;host).
      process.env.SMS_PROVIDER = 'tencent';
      process.env.SMS_ENDPOINT = `${sink.url}/tencent`;
      const tc = await commitNotice('【投诉】腾讯云格式', t0);
      await runNoticeDelivery(minutes(t0, 7), DELIVERY_JOB);
      const tcRequests = all().filter((r) => r.url === '/tencent' && r.body.includes(`${tc.id}.sms`));
      expect(tcRequests).toHaveLength(1);
      const request = tcRequests[0] as SinkRequest;
      expect(JSON.parse(request.body)).toMatchObject({
        PhoneNumberSet: [`+86${PHONE}`],
        SmsSdkAppId: '1400000000',
      });
      const signed = tc3Sign({
        secretKey: 'tc-secret',
        service: 'sms',
        host: request.headers.host as string,
        timestamp: Number(request.headers['x-tc-timestamp']),
        payload: request.body,
        contentType: request.headers['content-type'] as string,
      });
      expect(request.headers.authorization).toContain(`Credential=AKIDlocal/${signed.scope}`);
      expect(request.headers.authorization).toContain(`Signature=${signed.signature}`);
    } finally {
      Object.assign(process.env, {
        SMS_PROVIDER: saved.provider,
        SMS_ENDPOINT: saved.endpoint,
        SMS_SECRET: saved.secret,
      });
    }
  });

  it('fans out, five minutes on, a notice whose process died after the commit', async () => {
    const t0 = new Date('2026-11-25T03:00:00Z');
    const note = await commitNotice('【投诉】进程中断', t0);
    await runNoticeDelivery(minutes(t0, 2), DELIVERY_JOB);
    expect(received('/sms', `${note.id}.sms`)).toEqual([]);
    const runs = await Promise.all([
      runNoticeDelivery(minutes(t0, 6), DELIVERY_JOB),
      runNoticeDelivery(minutes(t0, 6), DELIVERY_JOB),
    ]);
    expect(received('/sms', `${note.id}.sms`)).toHaveLength(1);
    expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(1);
    // Two runs at once: a claim the other run holds, or a delivery it settled first, is no failure of either.
    expect(runs.map((r) => [r.failed, r.undeliverable])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(runs[0].acted + runs[1].acted).toBeGreaterThanOrEqual(2);
  });

  it('takes no new delivery when its invocation is about to end, and leaves it due for the next run', async () => {
    const t0 = new Date('2026-11-25T04:00:00Z');
    const note = await commitNotice('【投诉】运行将超时', t0);
    await deliverNotices([note], t0);
    const cut = await runNoticeDelivery(t0, DELIVERY_JOB, 5, () => 1_000);
    expect(cut).toMatchObject({ failed: 0, acted: 0 });
    expect(cut.left).toBeGreaterThanOrEqual(2);
    expect(received('/sms', `${note.id}.sms`)).toEqual([]);
    await runNoticeDelivery(minutes(t0, 1), DELIVERY_JOB);
    expect(received('/sms', `${note.id}.sms`)).toHaveLength(1);
    expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(1);
  });

  it('retries on the schedule, then fails for good: listed for the district, in its inbox, audited', async () => {
    webhookAnswer = { status: 500, body: '{"error":"down"}' };
    const t0 = new Date('2026-11-26T02:00:00Z');
    const note = await commitNotice('【投诉】推送失败', t0);
    await deliverNotices([note], t0);
    const id = `${note.id}.webhook`;
    let at = t0;
    await runNoticeDelivery(at, DELIVERY_JOB);
    for (const wait of RETRY_SCHEDULE_MINUTES) {
      // Not before the wait is over …
      await runNoticeDelivery(minutes(at, wait - 0.5), DELIVERY_JOB);
      expect(received('/webhook', id)).toHaveLength(RETRY_SCHEDULE_MINUTES.indexOf(wait) + 1);
      // … then once.
      at = minutes(at, wait);
      await runNoticeDelivery(at, DELIVERY_JOB);
    }
    expect(received('/webhook', id)).toHaveLength(RETRY_SCHEDULE_MINUTES.length + 1);
    expect(await getDelivery(LIXIA_PARTY, note.id, 'webhook')).toMatchObject({
      status: 'failed',
      attempts: 6,
      lastError: expect.stringContaining('HTTP 500'),
    });
    // The SMS of the same notice went through.
    expect(await getDelivery(LIXIA_PARTY, note.id, 'sms')).toMatchObject({ status: 'sent' });

    await runNoticeDelivery(minutes(at, 1000), DELIVERY_JOB);
    expect(received('/webhook', id)).toHaveLength(6);

    const listed = await listFailedDeliveries(lixiaOfficial, { status: 'failed', limit: 50 });
    expect(listed.items.map((d) => d.id)).toContain(id);
    expect(
      (await listFailedDeliveries(cityOfficial, { status: 'failed', limit: 50 })).items.map((d) => d.id),
    ).toContain(id);
    expect((await listFailedDeliveries(shizhongOfficial, { status: 'failed', limit: 50 })).items).toEqual([]);
    await expect(
      listFailedDeliveries(shizhongOfficial, { status: 'failed', district: LIXIA, limit: 50 }),
    ).rejects.toMatchObject({ status: 403 });

    const inbox = await listInbox(lixiaOfficial, { limit: 50 });
    const alert = inbox.items.find((n) => n.type === 'notice.delivery-failed' && n.subject.id === id);
    expect(alert?.title).toBe('【通知发送失败】消息推送');
    const audit = await queryAudit({ entityType: 'notice-delivery', entityId: id }, 10);
    expect(audit.items.map((a) => a.action)).toEqual(['notice-delivery.failed']);
    webhookAnswer = { status: 200, body: '{}' };
  });

  it('fails at once when the receiver refuses the request itself (4xx)', async () => {
    webhookAnswer = { status: 401, body: '{"error":"bad signature"}' };
    const t0 = new Date('2026-11-27T02:00:00Z');
    const note = await commitNotice('【投诉】签名被拒', t0);
    await runNoticeDelivery(minutes(t0, 6), DELIVERY_JOB);
    await runNoticeDelivery(minutes(t0, 30), DELIVERY_JOB);
    expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(1);
    expect(await getDelivery(LIXIA_PARTY, note.id, 'webhook')).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    webhookAnswer = { status: 200, body: '{}' };
  });

  it('never sends twice: a claim whose process died is not sent again, it fails as "outcome unknown"', async () => {
    const t0 = new Date('2026-11-28T02:00:00Z');
    const note = await commitNotice('【投诉】发送中断', t0);
    await deliverNotices([note], t0);
    const pending = await getDelivery(LIXIA_PARTY, note.id, 'sms');
    // A process claims the attempt and dies before sending or recording anything.
    expect(
      await claimDelivery(pending as NonNullable<typeof pending>, t0, minutes(t0, 5).toISOString()),
    ).toBeDefined();
    await runNoticeDelivery(minutes(t0, 1), DELIVERY_JOB);
    expect(await getDelivery(LIXIA_PARTY, note.id, 'sms')).toMatchObject({ status: 'sending' });
    await runNoticeDelivery(minutes(t0, 6), DELIVERY_JOB);
    expect(received('/sms', `${note.id}.sms`)).toEqual([]);
    expect(await getDelivery(LIXIA_PARTY, note.id, 'sms')).toMatchObject({
      status: 'failed',
      lastError: DELIVERY_ERRORS.unknownOutcome,
    });
  });

  /**
   * Issue 20: the scheduled function hands each due delivery to the job's work queue and the worker (the same module
   * Lambda runs, through the local runtime's queue with SQS's at-least-once semantics) attempts it. The dispatcher
   * runs at the instants below; the worker's clock is set to each.
   */
  describe('fanned out: the dispatcher hands each due delivery on, the worker sends it', () => {
    const fanOut = new LocalFanOut();
    const queue = () => fanOut.queue('notice-delivery');
    const dispatch = (at: Date) => {
      setClock(() => at);
      return dispatchNoticeDelivery(at, shanghaiDate(at));
    };
    const drain = (at: Date) => {
      setClock(() => at);
      return fanOut.drain('notice-delivery');
    };
    /** A copy of the message the dispatcher sent for a delivery in this state (SQS delivers at least once). */
    const copyOf = (
      note: Notification,
      channel: 'sms' | 'webhook',
      status: string,
      attempts: number,
      at: Date,
    ) =>
      workMessage('notice-delivery', shanghaiDate(at), DELIVERY_PARTITION, {
        party: LIXIA_PARTY,
        noteId: note.id,
        channel,
        status,
        attempts,
      });
    beforeAll(async () => {
      // Fresh tables: the counts below are of these tests' deliveries only.
      await freshTables();
      await writeSettings(actor(lixiaOfficial), { email: null, phone: PHONE, version: 0 });
      fanOut.install();
    });
    afterAll(() => resetClock());

    it('hands each due delivery on once, and the worker sends each once however often its message comes', async () => {
      const t0 = new Date('2026-12-01T00:30:00Z');
      const notes = [
        await commitNotice('【提醒】月度简报 1', t0),
        await commitNotice('【提醒】月度简报 2', t0),
        await commitNotice('【提醒】月度简报 3', t0),
      ];
      await deliverNotices(notes, t0);
      expect(await dispatch(t0)).toMatchObject({ dispatched: 6, failed: 0, left: 0 });
      // Taken out of the instant for the hand-on: the next minute's run does not hand them on again.
      expect(await getDelivery(LIXIA_PARTY, notes[0]?.id as string, 'sms')).toMatchObject({
        status: 'pending',
        attempts: 0,
        dueAt: minutes(t0, HAND_ON_MINUTES).toISOString(),
      });
      expect(await dispatch(minutes(t0, 1))).toMatchObject({ dispatched: 0 });
      // Every message delivered a second time.
      queue().send(
        notes.flatMap((n) => [copyOf(n, 'sms', 'pending', 0, t0), copyOf(n, 'webhook', 'pending', 0, t0)]),
      );
      const worked = await drain(minutes(t0, 1));
      expect(worked).toMatchObject({ acted: 6, unchanged: 6, deadLettered: 0, outcomes: { sent: 6 } });
      for (const n of notes) {
        expect(received('/sms', `${n.id}.sms`)).toHaveLength(1);
        expect(received('/webhook', `${n.id}.webhook`)).toHaveLength(1);
        expect(await getDelivery(LIXIA_PARTY, n.id, 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
      }
      expect(await dispatch(minutes(t0, HAND_ON_MINUTES + 1))).toMatchObject({ dispatched: 0 });
    });

    it('hands a delivery on again when its message was lost, once the hand-on is over, and sends it once', async () => {
      const t0 = new Date('2026-12-02T00:30:00Z');
      const note = await commitNotice('【提醒】消息丢失', t0);
      await deliverNotices([note], t0);
      expect(await dispatch(t0)).toMatchObject({ dispatched: 2 });
      // The messages are lost (received and deleted by a worker that died before its claim).
      for (const r of queue().receive(10)) queue().delete(r.receiptHandle);
      expect(queue().depth()).toEqual({ inQueue: 0, dead: 0 });
      expect(await dispatch(minutes(t0, HAND_ON_MINUTES - 1))).toMatchObject({ dispatched: 0 });
      expect(received('/sms', `${note.id}.sms`)).toEqual([]);
      expect(await dispatch(minutes(t0, HAND_ON_MINUTES))).toMatchObject({ dispatched: 2 });
      expect(await drain(minutes(t0, HAND_ON_MINUTES))).toMatchObject({ acted: 2, outcomes: { sent: 2 } });
      expect(received('/sms', `${note.id}.sms`)).toHaveLength(1);
      expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(1);
    });

    it('retries a failed attempt when it comes due, through the queue', async () => {
      webhookAnswer = { status: 503, body: '{"error":"busy"}' };
      const t0 = new Date('2026-12-03T00:30:00Z');
      const note = await commitNotice('【提醒】推送暂不可用', t0);
      await deliverNotices([note], t0);
      await dispatch(t0);
      expect(await drain(t0)).toMatchObject({ acted: 2, outcomes: { sent: 1, retry: 1 } });
      webhookAnswer = { status: 200, body: '{}' };
      // Due again a minute after the failed attempt (RETRY_SCHEDULE_MINUTES), not before.
      expect(await dispatch(minutes(t0, 0.5))).toMatchObject({ dispatched: 0 });
      expect(await dispatch(minutes(t0, 1))).toMatchObject({ dispatched: 1 });
      expect(await drain(minutes(t0, 1))).toMatchObject({ acted: 1, outcomes: { sent: 1, retry: 0 } });
      expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(2);
      expect(await getDelivery(LIXIA_PARTY, note.id, 'webhook')).toMatchObject({
        status: 'sent',
        attempts: 2,
      });
    });

    it('makes the deliveries of a notice left in the outbox and hands them on', async () => {
      const t0 = new Date('2026-12-04T00:30:00Z');
      const note = await commitNotice('【投诉】公众投诉（进程中断）', t0);
      expect(await dispatch(minutes(t0, 4))).toMatchObject({ dispatched: 0 });
      expect(await dispatch(minutes(t0, 6))).toMatchObject({ dispatched: 2 });
      await drain(minutes(t0, 6));
      expect(received('/sms', `${note.id}.sms`)).toHaveLength(1);
      expect(received('/webhook', `${note.id}.webhook`)).toHaveLength(1);
    });

    it('fails a claim whose process died as "outcome unknown", once, and never sends it', async () => {
      const t0 = new Date('2026-12-05T00:30:00Z');
      const note = await commitNotice('【投诉】发送中断（工作队列）', t0);
      await deliverNotices([note], t0);
      const pending = await getDelivery(LIXIA_PARTY, note.id, 'sms');
      expect(
        await claimDelivery(pending as NonNullable<typeof pending>, t0, minutes(t0, 5).toISOString()),
      ).toBeDefined();
      // Held: only the webhook is handed on while the claim's lease runs.
      expect(await dispatch(minutes(t0, 1))).toMatchObject({ dispatched: 1 });
      await drain(minutes(t0, 1));
      expect(await dispatch(minutes(t0, 6))).toMatchObject({ dispatched: 1 });
      queue().send([copyOf(note, 'sms', 'sending', 1, t0)]);
      expect(await drain(minutes(t0, 6))).toMatchObject({
        acted: 1,
        unchanged: 1,
        outcomes: { undeliverable: 1 },
      });
      expect(received('/sms', `${note.id}.sms`)).toEqual([]);
      expect(await getDelivery(LIXIA_PARTY, note.id, 'sms')).toMatchObject({
        status: 'failed',
        lastError: DELIVERY_ERRORS.unknownOutcome,
      });
      const audit = await queryAudit({ entityType: 'notice-delivery', entityId: `${note.id}.sms` }, 10);
      expect(audit.items.map((a) => a.action)).toEqual(['notice-delivery.failed']);
    });
  });
});
