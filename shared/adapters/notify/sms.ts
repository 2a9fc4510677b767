import { createHmac, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { envOf, SMS_ENV } from '#shared/config';
import { DELIVERY_ERRORS } from '#shared/domain/notify/delivery';
import type { Notification } from '#shared/domain/reports/submission';
import { ChannelError, type NoticeChannel, type OutgoingNotice } from './channel';
import { type HttpRequestSpec, jsonOf, sendHttp } from './http';
import { secretField } from './secrets';
import { hmacSha256Hex, sha256Hex, signedHeaders } from './signing';

/**
 * SMS through an HTTPS gateway, one adapter with the provider as configuration. Mainland SMS is sent from an
 * approved template (模板) under an approved signature (签名): each notice type maps to a template id and its
 * parameters (SMS_TEMPLATES); a type without a template (and no `default`) sends no SMS.
 *
 * - `aliyun`: Alibaba Cloud SMS (dysmsapi) SendSms, API version 2017-05-25, RPC style: form parameters signed with
 *   HMAC-SHA1 (signature version 1.0) over `POST&%2F&<percent-encoded sorted query>`, key `<AccessKeySecret>&`.
 *   Secret fields `accessKeyId`, `accessKeySecret`.
 * - `tencent`: Tencent Cloud SMS SendSms, API version 2021-01-11, JSON signed with TC3-HMAC-SHA256 (service `sms`,
 *   signed headers `content-type;host`), `SMS_APP_ID` the SmsSdkAppId, `SMS_REGION` the region (ap-guangzhou …).
 *   Secret fields `secretId`, `secretKey`.
 * - `generic`: a city's own gateway: a JSON POST signed like the webhook (./signing.ts). Secret field `secret`.
 */
export const SMS_PROVIDERS = ['aliyun', 'tencent', 'generic'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export const DEFAULT_SMS_ENDPOINT: Readonly<Record<SmsProvider, string | undefined>> = {
  aliyun: 'https://dysmsapi.aliyuncs.com/',
  tencent: 'https://sms.tencentcloudapi.com/',
  generic: undefined,
};

/**
 * What a template parameter is filled with, each short (a provider limits a variable to 20–35 characters):
 * `kind` the notice's kind (the title's 【…】, e.g. 报告已提交), `title` the title without it, `subject` what it is
 * about (报告、评估、合同、投诉、整改), `ref` the last 8 characters of that record's id, `date` the notice's date.
 */
export const SMS_PARAM_SOURCES = ['kind', 'title', 'subject', 'ref', 'date'] as const;
export type SmsParamSource = (typeof SMS_PARAM_SOURCES)[number];

const TemplateId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '模板 id 只能包含字母、数字、下划线和连字符');
export const SmsTemplate = z.strictObject({
  templateId: TemplateId,
  /** Template variable name → source, in the template's order (Tencent's parameters are positional). */
  params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), z.enum(SMS_PARAM_SOURCES)),
});
/** Notice type (or `default`) → template. */
export const SmsTemplates = z.record(
  z.string().regex(/^(default|[a-z]+\.[a-z-]+)$/, '键应为通知类型（如 report.submitted）或 default'),
  SmsTemplate,
);
export type SmsTemplates = z.infer<typeof SmsTemplates>;

export interface SmsSettings {
  readonly provider: SmsProvider;
  readonly endpoint: string;
  /** Secrets Manager name/ARN (or `file:` locally) of the credentials. */
  readonly secretRef: string;
  readonly signName?: string;
  readonly appId?: string;
  readonly region?: string;
  readonly templates: SmsTemplates;
}

/** The SMS settings of this function, or undefined when it does not send SMS. */
export function smsSettingsFromEnv(): SmsSettings | undefined {
  const provider = envOf(SMS_ENV.provider);
  const secretRef = envOf(SMS_ENV.secret);
  if (!provider || !secretRef) return undefined;
  const parsedProvider = z.enum(SMS_PROVIDERS).parse(provider);
  const endpoint = envOf(SMS_ENV.endpoint) ?? DEFAULT_SMS_ENDPOINT[parsedProvider];
  if (!endpoint) throw new Error(`${SMS_ENV.endpoint} is required for the generic SMS provider`);
  const signName = envOf(SMS_ENV.signName);
  const appId = envOf(SMS_ENV.appId);
  const region = envOf(SMS_ENV.region);
  return {
    provider: parsedProvider,
    endpoint,
    secretRef,
    ...(signName ? { signName } : {}),
    ...(appId ? { appId } : {}),
    ...(region ? { region } : {}),
    templates: SmsTemplates.parse(JSON.parse(envOf(SMS_ENV.templates) ?? '{}')),
  };
}

const SUBJECT_NAMES: Readonly<Record<string, string>> = {
  report: '报告',
  evaluation: '评估',
  contract: '合同',
  complaint: '投诉',
  rectification: '整改',
  delivery: '通知发送',
};
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The value of each source for a notice. */
export function smsParamValue(note: Notification, source: SmsParamSource): string {
  const kind = /^【([^】]+)】/.exec(note.title)?.[1];
  switch (source) {
    case 'kind':
      return cut(kind ?? '通知', 20);
    case 'title':
      return cut(note.title.replace(/^【[^】]+】/, '').trim() || note.title, 20);
    case 'subject':
      return SUBJECT_NAMES[note.subject.type] ?? '事项';
    case 'ref':
      return note.subject.id.slice(-8);
    case 'date':
      return new Date(note.createdAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  }
}

export interface SmsMessage {
  /** 11 digits, mainland. */
  readonly phone: string;
  readonly templateId: string;
  /** Variable name → value, in the template's order. */
  readonly params: readonly (readonly [string, string])[];
  /** The delivery id (Aliyun OutId, Tencent SessionContext, the generic gateway's id). */
  readonly outId: string;
}

/** The template message of a notice, or undefined when its type has no template. */
export function smsMessageOf(templates: SmsTemplates, notice: OutgoingNotice): SmsMessage | undefined {
  const template = templates[notice.note.type] ?? templates.default;
  if (!template || !notice.to) return undefined;
  return {
    phone: notice.to,
    templateId: template.templateId,
    params: Object.entries(template.params).map(([name, source]) => [
      name,
      smsParamValue(notice.note, source),
    ]),
    outId: notice.deliveryId,
  };
}

// --- Alibaba Cloud (RPC signature, version 1.0) ---------------------------------------------------------------

/** RFC 3986 percent-encoding as Alibaba Cloud's POP signature wants it (space %20, `*` %2A, `~` kept). */
export const popEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The canonicalized query string: parameters sorted by name, each name and value percent-encoded. */
export const popCanonicalQuery = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k] as string)}`)
    .join('&');

/** Base64 HMAC-SHA1 over `<METHOD>&%2F&<encoded canonical query>` with the key `<secret>&`. */
export const popSignature = (
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
  secret: string,
) =>
  createHmac('sha1', `${secret}&`)
    .update(`${method}&${popEncode('/')}&${popEncode(popCanonicalQuery(params))}`, 'utf8')
    .digest('base64');

/** Format of Alibaba Cloud's Timestamp: UTC, seconds. */
const popTimestamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function aliyunRequest(
  settings: Pick<SmsSettings, 'endpoint' | 'signName'>,
  credentials: { readonly accessKeyId: string; readonly accessKeySecret: string },
  message: SmsMessage,
  at: Date,
  nonce: string = randomUUID(),
): HttpRequestSpec {
  const params: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: message.outId.slice(0, 64),
    PhoneNumbers: message.phone,
    RegionId: 'cn-hangzhou',
    SignName: settings.signName ?? '',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: message.templateId,
    TemplateParam: JSON.stringify(Object.fromEntries(message.params)),
    Timestamp: popTimestamp(at),
    Version: '2017-05-25',
  };
  const signature = popSignature('POST', params, credentials.accessKeySecret);
  return {
    method: 'POST',
    url: settings.endpoint,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: `Signature=${popEncode(signature)}&${popCanonicalQuery(params)}`,
  };
}

// --- Tencent Cloud (TC3-HMAC-SHA256) -----------------------------------------------------------------------------

const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

/** TC3-HMAC-SHA256 of a POST with a JSON payload, signed headers `content-type;host`. */
export function tc3Sign(input: {
  readonly secretKey: string;
  readonly service: string;
  readonly host: string;
  readonly timestamp: number;
  readonly payload: string;
  readonly contentType?: string;
}) {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${input.contentType ?? TC3_CONTENT_TYPE}\nhost:${input.host.toLowerCase()}\n`,
    'content-type;host',
    sha256Hex(input.payload),
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const hmac = (key: string | Buffer, text: string) =>
    createHmac('sha256', key).update(text, 'utf8').digest();
  const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = hmacSha256Hex(signing, stringToSign);
  return { canonicalRequest, stringToSign, scope, signature };
}

export function tencentRequest(
  settings: Pick<SmsSettings, 'endpoint' | 'signName' | 'appId' | 'region'>,
  credentials: { readonly secretId: string; readonly secretKey: string },
  message: SmsMessage,
  at: Date,
): HttpRequestSpec {
  const host = new URL(settings.endpoint).host;
  const timestamp = Math.floor(at.getTime() / 1000);
  const payload = JSON.stringify({
    PhoneNumberSet: [`+86${message.phone}`],
    SmsSdkAppId: settings.appId ?? '',
    SignName: settings.signName ?? '',
    TemplateId: message.templateId,
    TemplateParamSet: message.params.map(([, value]) => value),
    SessionContext: message.outId,
  });
  const { scope, signature } = tc3Sign({
    secretKey: credentials.secretKey,
    service: 'sms',
    host,
    timestamp,
    payload,
  });
  return {
    method: 'POST',
    url: settings.endpoint,
    headers: {
      authorization: `TC3-HMAC-SHA256 Credential=${credentials.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
      'content-type': TC3_CONTENT_TYPE,
      host,
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-timestamp': String(timestamp),
      'x-tc-region': settings.region ?? 'ap-guangzhou',
    },
    body: payload,
  };
}

// --- A city's own gateway ------------------------------------------------------------------------------------------

export function genericRequest(
  settings: Pick<SmsSettings, 'endpoint' | 'signName'>,
  secret: string,
  message: SmsMessage,
  at: Date,
): HttpRequestSpec {
  const body = JSON.stringify({
    id: message.outId,
    phone: message.phone,
    signName: settings.signName ?? null,
    templateId: message.templateId,
    params: Object.fromEntries(message.params),
  });
  return {
    method: 'POST',
    url: settings.endpoint,
    headers: signedHeaders(secret, at, body, message.outId),
    body,
  };
}

/** Did the provider accept the message? Each answers 200 with its own verdict in the body. */
function checkAnswer(provider: SmsProvider, text: string): void {
  const answer = jsonOf(text);
  if (provider === 'aliyun') {
    if (answer?.Code === 'OK') return;
    throw new ChannelError(`短信网关拒绝：${String(answer?.Code ?? '无应答内容')}`);
  }
  if (provider === 'tencent') {
    const response = answer?.Response as
      | { Error?: { Code?: string }; SendStatusSet?: { Code?: string }[] }
      | undefined;
    const code = response?.Error?.Code ?? response?.SendStatusSet?.[0]?.Code;
    if (!response?.Error && code === 'Ok') return;
    throw new ChannelError(`短信网关拒绝：${code ?? '无应答内容'}`);
  }
}

/** The SMS channel with `settings`. */
export function smsChannel(settings: SmsSettings, clock: () => Date = () => new Date()): NoticeChannel {
  return {
    id: 'sms',
    async send(notice) {
      const message = smsMessageOf(settings.templates, notice);
      if (!message)
        throw new ChannelError(notice.to ? DELIVERY_ERRORS.noTemplate : DELIVERY_ERRORS.noAddress, true);
      const ref = settings.secretRef;
      const at = clock();
      const request =
        settings.provider === 'aliyun'
          ? aliyunRequest(
              settings,
              {
                accessKeyId: await secretField(ref, 'accessKeyId'),
                accessKeySecret: await secretField(ref, 'accessKeySecret', 'secret'),
              },
              message,
              at,
            )
          : settings.provider === 'tencent'
            ? tencentRequest(
                settings,
                {
                  secretId: await secretField(ref, 'secretId'),
                  secretKey: await secretField(ref, 'secretKey', 'secret'),
                },
                message,
                at,
              )
            : genericRequest(settings, await secretField(ref, 'secret'), message, at);
      checkAnswer(settings.provider, await sendHttp(request));
    },
  };
}
