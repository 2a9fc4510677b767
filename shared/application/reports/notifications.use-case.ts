import { monotonicFactory } from 'ulid';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import {
  type Contact,
  getContact,
  getNotification,
  markReadWrite,
  putContactWrite,
  queryInbox,
  sealContactPhone,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { deliveryChannels } from '#shared/adapters/notify/channels';
import { inAppWrites } from '#shared/adapters/notify/in-app';
import { mailTransport } from '#shared/config';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { maskPhone } from '#shared/domain/contracts/roster';
import { notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { type Party, partiesOf, partyKey } from '#shared/domain/reports/report-slot';
import type { Notification, NotificationType } from '#shared/domain/reports/submission';

/**
 * Notifications: every party (a role in a scope) has an inbox; a notice is written in the same transaction as
 * the change that causes it, so it exists exactly when the change does. After the commit it is also delivered on
 * the stage's other channels (e-mail, SMS, webhook) by ../notify/deliveries.use-case.ts, once per channel.
 */
const noteId = monotonicFactory();

export interface Notice {
  readonly type: NotificationType;
  readonly title: string;
  readonly body: string;
  readonly subject: Notification['subject'];
}

/** One notification per distinct party. */
export function notify(parties: readonly Party[], notice: Notice, now: Date): Notification[] {
  const keys = [...new Set(parties.map(partyKey))];
  return keys.map((party) => ({ id: noteId(now.getTime()), party, ...notice, createdAt: now.toISOString() }));
}

/** The in-app channel: the notices' writes, part of the change's own transaction. */
export const notificationWrites = (notes: readonly Notification[]): Write[] => inAppWrites(notes);

/** The scope a party's records belong to, for audit records. */
const partyScope = (party: string): { district?: string; street?: string } => {
  const [role, scope] = party.split(':');
  if (!scope) return {};
  if (role === 'street_office') return { district: scope.slice(0, 6), street: scope };
  if (role === 'district_civil_affairs' || role === 'district_finance' || role === 'auditor')
    return { district: scope };
  return {};
};

const inboxesOf = (principal: Principal): string[] => {
  const parties = partiesOf(principal).map(partyKey);
  if (parties.length === 0) throw outOfScope();
  return parties;
};

/** The caller's inbox (every party it acts for), newest first. */
export async function listInbox(
  principal: Principal,
  q: { unread?: boolean; limit: number; cursor?: string },
): Promise<Page<Notification>> {
  return pageAcrossPartitions(inboxesOf(principal), q.limit, q.cursor, (party, start, limit) =>
    queryInbox({ party, unreadOnly: q.unread === true, limit, ...(start ? { start } : {}) }),
  );
}

/** Marks one of the caller's notifications read; marking it again is harmless and returns it unchanged. */
export async function markNotificationRead(actor: Actor, id: string): Promise<Notification> {
  for (const party of inboxesOf(actor.principal)) {
    const note = await getNotification(party, id);
    if (!note) continue;
    if (note.readAt) return note;
    const at = actor.now.toISOString();
    const after = { ...note, readAt: at, readBy: actor.principal.username };
    try {
      await commitWithAudit(
        [markReadWrite(party, id, actor.principal.username, at)],
        [
          auditRecordOf(actor, {
            action: 'notification.read',
            entity: { type: 'notification', id },
            scope: partyScope(party),
            before: { readAt: null },
            after: { readAt: at },
          }),
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'ALREADY_READ')
        return (await getNotification(party, id)) ?? after;
      throw error;
    }
    return after;
  }
  throw notFound('通知');
}

export interface NotificationSettings {
  readonly party: string;
  readonly email: string | null;
  /** Masked (138****5678): the full number is sealed and opened only by the notice-delivery job. */
  readonly phone: string | null;
  readonly version: number;
  readonly transport: 'ses' | 'outbox' | 'none';
  /** The channels notices are delivered on besides the inbox. */
  readonly channels: string[];
}

const primaryParty = (principal: Principal): string => inboxesOf(principal)[0] as string;

const settingsOf = (party: string, contact: Contact | undefined): NotificationSettings => ({
  party,
  email: contact?.email ?? null,
  phone: contact?.phone ?? null,
  version: contact?.version ?? 0,
  transport: mailTransport(),
  channels: deliveryChannels(),
});

/** The contact as shown and audited: the phone masked, never its sealed form. */
const shownContact = (c: Contact) => {
  const { sealed: _sealed, ...rest } = c;
  return rest;
};

export async function readSettings(principal: Principal): Promise<NotificationSettings> {
  const party = primaryParty(principal);
  return settingsOf(party, await getContact(party));
}

/**
 * Sets the e-mail address (null clears it) and, when given, the mobile phone (null clears it; omitted keeps the
 * one set) of the caller's party; `version` 0 when none was set yet. A new phone is sealed before it is stored;
 * the answer and the audit record hold it masked.
 */
export async function writeSettings(
  actor: Actor,
  input: { email: string | null; phone?: string | null | undefined; version: number },
): Promise<NotificationSettings> {
  const party = primaryParty(actor.principal);
  const before = await getContact(party);
  if ((before?.version ?? 0) !== input.version) throw versionConflict();
  const phone =
    input.phone === undefined
      ? before?.sealed?.phone
        ? { phone: before.phone as string, sealed: { phone: before.sealed.phone } }
        : {}
      : input.phone === null
        ? {}
        : { phone: maskPhone(input.phone), sealed: { phone: await sealContactPhone(party, input.phone) } };
  const after: Contact = {
    party,
    ...(input.email ? { email: input.email } : {}),
    ...phone,
    version: input.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [{ ...putContactWrite(after, before), onConditionFailed: versionConflict }],
    [
      auditRecordOf(actor, {
        action: 'notification-settings.update',
        entity: { type: 'contact', id: party },
        scope: partyScope(party),
        ...(before ? { before: shownContact(before) } : {}),
        after: shownContact(after),
      }),
    ],
  );
  return settingsOf(party, after);
}
