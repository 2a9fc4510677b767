import { mailer } from '#shared/adapters/mail/mailer';
import { ChannelError, type NoticeChannel } from './channel';

/**
 * E-mail: SES in the global partition (`MAIL_FROM` on the functions allowed to send), the outbox file locally
 * (`MAIL_OUTBOX_DIR`). There is no SES in the AWS China regions: the CDK refuses `mailFrom` there.
 */
export function emailChannel(): NoticeChannel | undefined {
  const transport = mailer();
  if (transport.transport === 'none') return undefined;
  return {
    id: 'email',
    async send(notice) {
      if (!notice.to) throw new ChannelError('收件方未设置邮箱', true);
      const { note } = notice;
      await transport.send({
        to: notice.to,
        subject: note.title,
        text: `${note.body}\n\n${note.subject.type}: ${note.subject.id}`,
      });
    },
  };
}
