import { monotonicFactory } from 'ulid';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import {
  type Contact,
  claimForEmail,
  dropFromEmailOutbox,
  getContact,
  getNotification,
  markReadWrite,
  notificationWrite,
  pendingEmails,
  putContactWrite,
  queryInbox,
  recordEmailOutcome,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { mailer } from '#shared/adapters/mail/mailer';
import { mailTransport } from '#shared/config';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { type Party, partiesOf, partyKey } from '#shared/domain/reports/report-slot';
import type { Notification, NotificationType } from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';

/**
 * Notifications: every party (a role in a scope) has an inbox; a notice is written in the same transaction as
 * the change that causes it, so it exists exactly when the change does. After the commit it is also e-mailed
 * (SES on AWS, the outbox file locally) to the party's address, at most once.
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

export const notificationWrites = (notes: readonly Notification[]): Write[] =>
  notes.map((n) => notificationWrite(n));

/** The scope a party's records belong to, for audit records. */
const partyScope = (party: string): { district?: string; street?: string } => {
  const [role, scope] = party.split(':');
  if (!scope) return {};
  if (role === 'street_office') return { district: scope.slice(0, 6), street: scope };
  if (role === 'district_civil_affairs' || role === 'district_finance' || role === 'auditor')
    return { district: scope };
  return {};
};

/**
 * E-mails committed notifications to the parties that have an address. Best effort and never thrown: the inbox
 * already holds the notice, and a failure is recorded on it.
 */
export async function deliverEmails(notes: readonly Notification[], now: Date): Promise<void> {
  const transport = mailer();
  if (transport.transport === 'none') return;
  for (const note of notes) {
    try {
      const contact = await getContact(note.party);
      if (!contact?.email) {
        await dropFromEmailOutbox(note.party, note.id);
        continue;
      }
      if (!(await claimForEmail(note.party, note.id, now.toISOString()))) continue;
      try {
        await transport.send({
          to: contact.email,
          subject: note.title,
          text: `${note.body}\n\n${note.subject.type}: ${note.subject.id}`,
        });
        await recordEmailOutcome(note.party, note.id, { sentAt: new Date().toISOString() });
      } catch (error) {
        logger.error('e-mail not sent', { party: note.party, notification: note.id, error: error as Error });
        await recordEmailOutcome(note.party, note.id, { error: String((error as Error).message ?? error) });
      }
    } catch (error) {
      logger.error('e-mail delivery failed', { notification: note.id, error: error as Error });
    }
  }
}

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
  readonly version: number;
  readonly transport: 'ses' | 'outbox' | 'none';
}

const primaryParty = (principal: Principal): string => inboxesOf(principal)[0] as string;

export async function readSettings(principal: Principal): Promise<NotificationSettings> {
  const party = primaryParty(principal);
  const contact = await getContact(party);
  return {
    party,
    email: contact?.email ?? null,
    version: contact?.version ?? 0,
    transport: mailTransport(),
  };
}

/** Sets (or clears, with null) the e-mail address of the caller's party; `version` 0 when none was set yet. */
export async function writeSettings(
  actor: Actor,
  input: { email: string | null; version: number },
): Promise<NotificationSettings> {
  const party = primaryParty(actor.principal);
  const before = await getContact(party);
  if ((before?.version ?? 0) !== input.version) throw versionConflict();
  const after: Contact = {
    party,
    ...(input.email ? { email: input.email } : {}),
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
        ...(before ? { before } : {}),
        after,
      }),
    ],
  );
  return { party, email: after.email ?? null, version: after.version, transport: mailTransport() };
}

/**
 * The email-outbox job: notices committed at least `graceMinutes` ago whose e-mail nobody claimed (the process
 * that committed them died before sending) are sent now, each once (the claim is conditional). Reads only the
 * waiting notices (byDue `DUE#EMAIL`).
 */
export async function deliverPendingEmails(now: Date, graceMinutes = 5) {
  const upto = new Date(now.getTime() - graceMinutes * 60_000).toISOString();
  const { items, read } = await pendingEmails(upto);
  await deliverEmails(items as Notification[], now);
  return { examined: items.length, acted: items.length, failed: 0, read };
}
