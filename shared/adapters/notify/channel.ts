import type { ChannelId } from '#shared/domain/notify/delivery';
import type { Notification } from '#shared/domain/reports/submission';

/**
 * The port every notice channel implements (STYLE: channels are adapters behind one port). A use case hands a
 * channel a committed notice and the one address the channel asks for; it never knows whether that is SES, an SMS
 * gateway or a webhook. Which channels exist is decided in one place: ./channels.ts.
 */
export interface OutgoingNotice {
  /** `<notification id>.<channel>`: receivers that deduplicate use it (idempotency key). */
  readonly deliveryId: string;
  readonly note: Notification;
  /** The address the channel needs (see ADDRESS_OF), in full; absent for a channel with a fixed destination. */
  readonly to?: string;
}

export interface NoticeChannel {
  readonly id: ChannelId;
  /** Sends the notice once; throws a ChannelError when it was not accepted. */
  send(notice: OutgoingNotice): Promise<void>;
}

/** Which of a party's addresses a channel sends to; `none`: one fixed destination for every notice (a webhook). */
export const ADDRESS_OF: Readonly<Record<ChannelId, 'email' | 'phone' | 'none'>> = {
  email: 'email',
  sms: 'phone',
  webhook: 'none',
};

/**
 * A refused or failed send. `permanent`: trying again cannot help (the request itself is wrong: a 4xx answer), so
 * the delivery fails at once instead of following the retry schedule. The message is recorded on the delivery and
 * shown to the district: short, Chinese, without a phone number or a secret.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
