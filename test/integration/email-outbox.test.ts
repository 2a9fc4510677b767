import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { DELIVERY_JOB } from '#shared/adapters/notify/delivery-job';
import { fileComplaint } from '#shared/application/complaints/complaints.use-case';
import {
  deliverNotices as deliverEmails,
  runNoticeDelivery,
} from '#shared/application/notify/deliveries.use-case';
import {
  notificationWrites,
  notify,
  writeSettings,
} from '#shared/application/reports/notifications.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

const operator = principal('operator', { org: 'org-outbox' });
const deliverPendingEmails = (now: Date) => runNoticeDelivery(now, DELIVERY_JOB);
const sentTo = (dir: string, to: string) => {
  const file = join(dir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { to: string; subject: string })
    .filter((m) => m.to === to);
};

/**
 * The transactional outbox of notices, on the e-mail channel: the notice-delivery job alone sends; a notice whose
 * delivery was made after its commit is sent at the job's next run, one committed by a process that died before
 * making it is sent five minutes on, each once; one without an address leaves the outbox with no delivery.
 */
describe('notice e-mails that a crash left unsent', () => {
  let outbox: string;
  const t0 = new Date('2026-11-25T02:00:00Z');
  beforeAll(async () => {
    await freshTables();
    outbox = mkdtempSync(join(tmpdir(), 'sgz-outbox-'));
    process.env.MAIL_OUTBOX_DIR = outbox;
    await writeSettings(actor(operator), { email: 'op@outbox.example', version: 0 });
  });
  afterAll(() => {
    delete process.env.MAIL_OUTBOX_DIR;
    rmSync(outbox, { recursive: true, force: true });
  });

  it('sends the e-mails of committed notices from the notice-delivery job: at its next run, or five minutes on after a crash, each once', async () => {
    const crashed = notify(
      [
        { role: 'operator', org: 'org-outbox' },
        { role: 'district_civil_affairs', district: LIXIA },
      ],
      {
        type: 'funds.disbursed',
        title: '【经费拨付】崩溃前已提交',
        body: '…',
        subject: { type: 'contract', id: 'C1' },
      },
      t0,
    );
    const delivered = notify(
      [{ role: 'operator', org: 'org-outbox' }],
      {
        type: 'funds.disbursed',
        title: '【经费拨付】正常发送',
        body: '…',
        subject: { type: 'contract', id: 'C2' },
      },
      t0,
    );
    // The first change's process dies after its commit; the second makes its e-mail's delivery, as usual.
    await commitWithAudit(notificationWrites(crashed), []);
    await commitWithAudit(notificationWrites(delivered), []);
    await deliverEmails(delivered, t0);
    // The committing function sends nothing itself: no request waits on the mail server.
    expect(sentTo(outbox, 'op@outbox.example')).toEqual([]);

    // The job's next run sends the delivery made; the crashed notice is still within its grace period.
    expect(await deliverPendingEmails(new Date(t0.getTime() + 60_000))).toMatchObject({
      examined: 1,
      acted: 1,
    });
    expect(sentTo(outbox, 'op@outbox.example').map((m) => m.subject)).toEqual(['【经费拨付】正常发送']);
    const run = await deliverPendingEmails(new Date(t0.getTime() + 10 * 60_000));
    expect(run).toMatchObject({ examined: 2, read: 2 });
    expect(sentTo(outbox, 'op@outbox.example').map((m) => m.subject)).toEqual([
      '【经费拨付】正常发送',
      '【经费拨付】崩溃前已提交',
    ]);
    // The district has no address: its notice left the outbox without an e-mail. Nothing is waiting any more.
    expect(await deliverPendingEmails(new Date(t0.getTime() + 20 * 60_000))).toMatchObject({
      examined: 0,
      read: 0,
    });
    expect(sentTo(outbox, 'op@outbox.example')).toHaveLength(2);
  });

  it('e-mails the district of a complaint filed by the public from the notice-delivery job, not from the public function', async () => {
    await writeSettings(actor(lixiaOfficial), { email: 'lixia@outbox.example', version: 0 });
    const station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102002',
      address: '千佛山路 1 号',
    });
    const filedAt = new Date('2026-11-25T03:00:00Z');
    await fileComplaint(filedAt, { stationId: station.id, content: '服务时间未按公示开放' });
    // The public function sends nothing (it may not send mail at all on AWS); the job's next run does.
    expect(sentTo(outbox, 'lixia@outbox.example')).toEqual([]);

    await deliverPendingEmails(new Date(filedAt.getTime() + 60_000));
    expect(sentTo(outbox, 'lixia@outbox.example').map((m) => m.subject)).toEqual([
      `【投诉】${station.standardName}`,
    ]);
    await deliverPendingEmails(new Date(filedAt.getTime() + 16 * 60_000));
    expect(sentTo(outbox, 'lixia@outbox.example')).toHaveLength(1);
  });
});
