import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { envOf, WEBHOOK_ENV } from '#shared/config';
import type { Notification } from '#shared/domain/reports/submission';
import { ChannelError, type NoticeChannel, type OutgoingNotice } from './channel';
import { type HttpRequestSpec, jsonOf, sendHttp } from './http';
import { secretField } from './secrets';
import { signedHeaders } from './signing';

/**
 * Every notice posted to one configured destination, in one of three formats:
 *
 * - `signed`: a city's own messaging bus. JSON of the notice, signed as ./signing.ts says (HMAC-SHA256 over
 *   `<timestamp>.<body>`, `X-Sgz-Timestamp`, `X-Sgz-Signature: sha256=<hex>`, `X-Sgz-Delivery`; replay window 300
 *   seconds). Secret field `secret`.
 * - `wecom`: a WeCom (企业微信) group robot: `POST <url>?key=<key>`, a `text` message; the key is the secret
 *   (field `key`), so the URL in the configuration holds none.
 * - `dingtalk`: a DingTalk (钉钉) custom robot with 加签: `POST <url>?access_token=<token>&timestamp=<ms>&sign=<s>`,
 *   s = urlencode(base64(HMAC-SHA256(secret, `<ms>\n<secret>`))), a `text` message; secret fields `accessToken`
 *   and `secret` (SEC…).
 */
export const WEBHOOK_FORMATS = ['signed', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DEFAULT_WEBHOOK_URL: Readonly<Record<WebhookFormat, string | undefined>> = {
  signed: undefined,
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
  dingtalk: 'https://oapi.dingtalk.com/robot/send',
};

export interface WebhookSettings {
  readonly url: string;
  readonly format: WebhookFormat;
  readonly secretRef: string;
}

export function webhookSettingsFromEnv(): WebhookSettings | undefined {
  const format = envOf(WEBHOOK_ENV.format);
  const secretRef = envOf(WEBHOOK_ENV.secret);
  if (!format || !secretRef) return undefined;
  const parsed = z.enum(WEBHOOK_FORMATS).parse(format);
  const url = envOf(WEBHOOK_ENV.url) ?? DEFAULT_WEBHOOK_URL[parsed];
  if (!url) throw new Error(`${WEBHOOK_ENV.url} is required for the signed webhook`);
  return { url, format: parsed, secretRef };
}

/** The text of a notice in a chat group: its title, its body and what it is about. */
export const chatText = (note: Notification): string =>
  `${note.title}\n${note.body}\n（${note.subject.type}：${note.subject.id}）`;

/** The JSON a city's bus receives. */
export const busPayload = (notice: OutgoingNotice) => ({
  id: notice.deliveryId,
  notification: notice.note.id,
  party: notice.note.party,
  type: notice.note.type,
  title: notice.note.title,
  body: notice.note.body,
  subject: notice.note.subject,
  createdAt: notice.note.createdAt,
});

/** DingTalk's 加签: base64 HMAC-SHA256 with the secret over `<timestamp ms>\n<secret>` (not yet URL-encoded). */
export const dingtalkSign = (secret: string, timestampMs: number): string =>
  createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');

const withQuery = (url: string, query: Record<string, string>): string => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
};

export function webhookRequest(
  settings: Pick<WebhookSettings, 'url' | 'format'>,
  secret: Readonly<Record<string, string>>,
  notice: OutgoingNotice,
  at: Date,
): HttpRequestSpec {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const text = JSON.stringify({ msgtype: 'text', text: { content: chatText(notice.note) } });
  switch (settings.format) {
    case 'signed': {
      const body = JSON.stringify(busPayload(notice));
      return {
        method: 'POST',
        url: settings.url,
        headers: signedHeaders(secret.secret ?? '', at, body, notice.deliveryId),
        body,
      };
    }
    case 'wecom':
      return {
        method: 'POST',
        url: withQuery(settings.url, { key: secret.key ?? '' }),
        headers: json,
        body: text,
      };
    case 'dingtalk': {
      const timestamp = at.getTime();
      return {
        method: 'POST',
        // URLSearchParams percent-encodes the base64 signature (+ / =), as DingTalk asks.
        url: withQuery(settings.url, {
          access_token: secret.accessToken ?? '',
          timestamp: String(timestamp),
          sign: dingtalkSign(secret.secret ?? '', timestamp),
        }),
        headers: json,
        body: text,
      };
    }
  }
}

export function webhookChannel(
  settings: WebhookSettings,
  clock: () => Date = () => new Date(),
): NoticeChannel {
  const fields =
    settings.format === 'signed'
      ? ['secret']
      : settings.format === 'wecom'
        ? ['key']
        : ['accessToken', 'secret'];
  return {
    id: 'webhook',
    async send(notice) {
      const secret: Record<string, string> = {};
      for (const f of fields) secret[f] = await secretField(settings.secretRef, f);
      const answer = await sendHttp(webhookRequest(settings, secret, notice, clock()));
      if (settings.format === 'signed') return;
      // The robots answer 200 with their verdict: errcode 0 is accepted.
      const code = jsonOf(answer)?.errcode;
      if (code !== 0) throw new ChannelError(`机器人拒绝：errcode ${String(code ?? '无')}`);
    },
  };
}
