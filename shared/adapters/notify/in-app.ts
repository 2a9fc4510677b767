import { notificationWrite } from '#shared/adapters/dynamodb/reports.repository';
import type { Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Notification } from '#shared/domain/reports/submission';

/**
 * The in-app channel, always on: the notice is put in its party's inbox in the same transaction as the change
 * that causes it, so it exists exactly when the change does. It is the one channel that is not sent after the
 * commit — its writes are part of the commit (and put the notice in the outbox of the other channels).
 */
export const inAppWrites = (notes: readonly Notification[]): Write[] =>
  notes.map((n) => notificationWrite(n));
