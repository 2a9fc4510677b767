import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

/**
 * How a notification leaves the system by e-mail. On AWS: SES (`MAIL_FROM` is the verified sender). Locally:
 * an outbox file, one JSON line per message (`MAIL_OUTBOX_DIR`, set by `npm start` to `.data/outbox`). With
 * neither configured, nothing is sent and the inbox alone carries the notice.
 */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  readonly transport: 'ses' | 'outbox' | 'none';
  send(mail: OutgoingMail): Promise<void>;
}

let ses: SESv2Client | undefined;

const sesMailer = (from: string): Mailer => ({
  transport: 'ses',
  send: async (mail) => {
    ses ??= new SESv2Client({ maxAttempts: 3 });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  },
});

export const OUTBOX_FILE = 'outbox.jsonl';

const outboxMailer = (dir: string): Mailer => ({
  transport: 'outbox',
  send: async (mail) => {
    await mkdir(dir, { recursive: true });
    await appendFile(
      join(dir, OUTBOX_FILE),
      `${JSON.stringify({ at: new Date().toISOString(), ...mail })}\n`,
      'utf8',
    );
  },
});

export function mailer(): Mailer {
  const from = process.env.MAIL_FROM;
  if (from) return sesMailer(from);
  const dir = process.env.MAIL_OUTBOX_DIR;
  if (dir) return outboxMailer(dir);
  return { transport: 'none', send: async () => undefined };
}
