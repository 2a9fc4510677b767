import { stageChannels } from '#shared/config';
import type { ChannelId } from '#shared/domain/notify/delivery';
import type { NoticeChannel } from './channel';
import { emailChannel } from './email';
import { smsChannel, smsSettingsFromEnv } from './sms';
import { webhookChannel, webhookSettingsFromEnv } from './webhook';

/**
 * The one place that decides the channels, from configuration:
 *
 * - `deliveryChannels()`: the channels the stage delivers on (a delivery record is created for each, per notice,
 *   when the party has the address the channel needs) — known to every function (`NOTICE_CHANNELS`, mail);
 * - `channelSender(id)`: the adapter that sends on a channel, built only where the function holds that channel's
 *   settings (SES's `MAIL_FROM` on the functions that notify, `SMS_*` and `WEBHOOK_*` on the notice-delivery job
 *   alone); elsewhere undefined, and the delivery waits for the job.
 *
 * The in-app inbox is not among them: it is always written, with the change (./in-app.ts).
 */
export const deliveryChannels = (): ChannelId[] => stageChannels();

export function channelSender(id: ChannelId): NoticeChannel | undefined {
  switch (id) {
    case 'email':
      return emailChannel();
    case 'sms': {
      const settings = smsSettingsFromEnv();
      return settings ? smsChannel(settings) : undefined;
    }
    case 'webhook': {
      const settings = webhookSettingsFromEnv();
      return settings ? webhookChannel(settings) : undefined;
    }
  }
}
