import { stageChannels } from '#shared/config';
import type { ChannelId } from '#shared/domain/notify/delivery';
import type { NoticeChannel } from './channel';
import { emailChannel } from './email';

/**
 * Which channels a notice is delivered on is configuration, read here and nowhere else: `deliveryChannels()`
 * (the stage's e-mail, `NOTICE_CHANNELS`), known to every function, which creates one delivery per channel the
 * party has an address for. Who may send on a channel is the function's: each entry point hands the use case the
 * adapters it holds, as `ChannelAdapters` —
 *
 * - `AFTER_COMMIT` (every function that commits notices): e-mail, where SES is allowed (`MAIL_FROM`) or locally;
 * - `DELIVERY_JOB` (./delivery-job.ts, the notice-delivery job alone): every channel, with the SMS gateway's and
 *   the webhook's settings, secrets and the right to open phones — code no other bundle carries.
 *
 * An adapter returns undefined where its settings are absent; the delivery then waits for the job. The in-app
 * inbox is not among them: it is always written, with the change (./in-app.ts).
 */
export type ChannelAdapters = Readonly<Partial<Record<ChannelId, () => NoticeChannel | undefined>>>;

export const deliveryChannels = (): ChannelId[] => stageChannels();

export const AFTER_COMMIT: ChannelAdapters = { email: emailChannel };
