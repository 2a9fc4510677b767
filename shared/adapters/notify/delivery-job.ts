import type { ChannelAdapters } from './channels';
import { emailChannel } from './email';
import { smsChannel, smsSettingsFromEnv } from './sms';
import { webhookChannel, webhookSettingsFromEnv } from './webhook';

/**
 * The adapters of the notice-delivery job (see ./channels.ts): every channel, each built from its settings in the
 * job's environment (`MAIL_FROM`, `SMS_*`, `WEBHOOK_*`).
 */
export const DELIVERY_JOB: ChannelAdapters = {
  email: emailChannel,
  sms: () => {
    const settings = smsSettingsFromEnv();
    return settings ? smsChannel(settings) : undefined;
  },
  webhook: () => {
    const settings = webhookSettingsFromEnv();
    return settings ? webhookChannel(settings) : undefined;
  },
};
