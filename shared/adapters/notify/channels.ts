import { stageChannels } from '#shared/config';
import type { ChannelId } from '#shared/domain/notify/delivery';
import type { NoticeChannel } from './channel';

/**
 * Which channels a notice is delivered on is configuration, read here and nowhere else: `deliveryChannels()`
 * (the stage's e-mail, `NOTICE_CHANNELS`), known to every function, which creates one delivery per channel the
 * party has an address for. Sending is the notice-delivery job's alone: its worker holds the adapters
 * (`DELIVERY_JOB`, ./delivery-job.ts) of every channel, with SES's sender, the SMS gateway's and the webhook's
 * settings, their secrets and the right to open phones — code and permissions no other function carries. Every
 * other function only creates the deliveries after its commit, due at once, and the job (every minute) sends them.
 * The in-app inbox is not among the channels: it is always written, with the change (./in-app.ts).
 */
export type ChannelAdapters = Readonly<Partial<Record<ChannelId, () => NoticeChannel | undefined>>>;

export const deliveryChannels = (): ChannelId[] => stageChannels();
