import type { NotificationType } from '#shared/domain/reports/submission';

/**
 * A notice leaves the system on the channels the stage configures, besides the in-app inbox that always holds it
 * (written with the change). Each notice × channel has one delivery record: created once (a conditional put),
 * claimed once per attempt (a conditional update), sent at most once per claim, retried on the schedule below,
 * then failed for good — visible to the sender's district, never only in a log.
 */
export const CHANNELS = ['email', 'sms', 'webhook'] as const;
export type ChannelId = (typeof CHANNELS)[number];

/** Minutes to wait after the n-th failed attempt (1, 5, 15, 60, 240); after the last, the delivery fails. */
export const RETRY_SCHEDULE_MINUTES = [1, 5, 15, 60, 240] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MINUTES.length + 1;
/**
 * How long a claimed attempt may take (one HTTP call with a 10-second timeout, well inside). A claim older than
 * this belongs to a process that died while sending: whether the message left is unknown, so it is not sent again
 * (never twice) and the delivery fails, visibly.
 */
export const CLAIM_LEASE_MINUTES = 5;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  /** `<notification id>.<channel>`: one per notice and channel. */
  readonly id: string;
  readonly noteId: string;
  /** The party whose notice it is (`role:scope`). */
  readonly party: string;
  readonly channel: ChannelId;
  readonly type: NotificationType;
  readonly status: DeliveryStatus;
  /** Attempts claimed so far. */
  readonly attempts: number;
  /** When the next attempt is due (pending) or the claim expires (sending). */
  readonly dueAt?: string;
  /** The district the notice was sent for (its party's), which sees a permanent failure; absent: the city. */
  readonly districtCode?: string;
  /** Where it goes, masked (138****5678, the webhook's host); never the full phone. */
  readonly recipient?: string;
  readonly lastError?: string;
  readonly sentAt?: string;
  readonly failedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const deliveryId = (noteId: string, channel: ChannelId): string => `${noteId}.${channel}`;

/** What follows a failed attempt: another one after the schedule's wait, or permanent failure. */
export function afterFailedAttempt(
  attempts: number,
  now: Date,
): { readonly retryAt: string } | { readonly failed: true } {
  const wait = RETRY_SCHEDULE_MINUTES[attempts - 1];
  if (wait === undefined || attempts >= MAX_ATTEMPTS) return { failed: true };
  return { retryAt: new Date(now.getTime() + wait * 60_000).toISOString() };
}

/** The district a party belongs to (a district's roles, a street office), or undefined (city, organisations). */
export function districtOfParty(party: string): string | undefined {
  const [role, scope] = party.split(':');
  if (!scope) return undefined;
  if (role === 'street_office') return scope.slice(0, 6);
  if (role === 'district_civil_affairs' || role === 'district_finance' || role === 'auditor') return scope;
  return undefined;
}

/** A mainland China mobile number: 11 digits, 1 then 3–9 (工业和信息化部 number plan). */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Failures are recorded in Chinese, short, and never with a phone number or a secret in them. */
export const DELIVERY_ERRORS = {
  noAddress: '收件方未设置该渠道的地址',
  noTemplate: '该通知类型未配置短信模板',
  unknownOutcome: '发送过程中断，结果未知；为避免重复发送不再重试',
  notConfigured: '本环境未配置该渠道',
} as const;
