import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyBody } from '#shared/adapters/notify/signing';
import {
  aliyunRequest,
  genericRequest,
  popSignature,
  type SmsMessage,
  SmsTemplates,
  smsMessageOf,
  tc3Sign,
  tencentRequest,
} from '#shared/adapters/notify/sms';
import { dingtalkSign, webhookRequest } from '#shared/adapters/notify/webhook';
import type { Notification } from '#shared/domain/reports/submission';

/**
 * The requests each channel sends, checked against the providers' documented examples where the documentation
 * gives one (Alibaba Cloud's SendSms signature example, Tencent Cloud's TC3-HMAC-SHA256 example), and otherwise
 * recomputed here from the documented algorithm, independently of the adapter's code.
 */
const note: Notification = {
  id: '01JD00000000000000000000AB',
  party: 'district_civil_affairs:370102',
  type: 'complaint.received',
  title: '【投诉】历下区解放路街道社会工作服务站',
  body: '收到一件投诉，请在 5 个工作日内处理。',
  subject: { type: 'complaint', id: '01JD0000000000000000000XYZ' },
  createdAt: '2026-11-25T02:00:00.000Z',
};
const message: SmsMessage = {
  phone: '13812345678',
  templateId: 'SMS_123456789',
  params: [
    ['kind', '投诉'],
    ['title', '历下区解放路街道社会工作服务站'],
  ],
  outId: `${note.id}.sms`,
};
const at = new Date('2026-11-25T02:00:00Z');

describe('Alibaba Cloud SendSms (RPC, HMAC-SHA1)', () => {
  it('signs the documentation’s example request to its documented signature', () => {
    // help.aliyun.com 101343 (短信服务 签名机制): testId / testSecret, GET.
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(popSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('posts SendSms form parameters whose signature verifies as the gateway checks it', () => {
    const request = aliyunRequest(
      { endpoint: 'https://dysmsapi.aliyuncs.com/', signName: '济南社工站' },
      { accessKeyId: 'LTAIexample', accessKeySecret: 'secretExample' },
      message,
      at,
      'nonce-1',
    );
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: '13812345678',
      SignName: '济南社工站',
      TemplateCode: 'SMS_123456789',
      TemplateParam: JSON.stringify({ kind: '投诉', title: '历下区解放路街道社会工作服务站' }),
      OutId: `${note.id}.sms`,
      Timestamp: '2026-11-25T02:00:00Z',
      SignatureNonce: 'nonce-1',
    });
    // The gateway's check: sort all but Signature, RFC 3986-encode, HMAC-SHA1 over POST&%2F&…, key secret + '&'.
    const enc = (s: string) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const rest = [...form].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : 1));
    const canonical = rest.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
    const expected = createHmac('sha1', 'secretExample&')
      .update(`POST&${enc('/')}&${enc(canonical)}`)
      .digest('base64');
    expect(form.get('Signature')).toBe(expected);
  });
});

describe('Tencent Cloud SendSms (TC3-HMAC-SHA256)', () => {
  it('computes the documentation’s example signature', () => {
    // cloud.tencent.com API 3.0 签名方法 v3: the CVM example (timestamp 1551113065, POST JSON).
    const signed = tc3Sign({
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      timestamp: 1551113065,
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(createHash('sha256').update(signed.canonicalRequest).digest('hex')).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(signed.scope).toBe('2019-02-25/cvm/tc3_request');
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  it('posts SendSms 2021-01-11 with the +86 number, the template parameters in order and the Authorization header', () => {
    const request = tencentRequest(
      {
        endpoint: 'https://sms.tencentcloudapi.com/',
        signName: '济南社工站',
        appId: '1400000000',
        region: 'ap-beijing',
      },
      { secretId: 'AKIDexample', secretKey: 'keyExample' },
      message,
      at,
    );
    expect(JSON.parse(request.body)).toEqual({
      PhoneNumberSet: ['+8613812345678'],
      SmsSdkAppId: '1400000000',
      SignName: '济南社工站',
      TemplateId: 'SMS_123456789',
      TemplateParamSet: ['投诉', '历下区解放路街道社会工作服务站'],
      SessionContext: `${note.id}.sms`,
    });
    expect(request.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-beijing',
      'x-tc-timestamp': String(at.getTime() / 1000),
    });
    const expected = tc3Sign({
      secretKey: 'keyExample',
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      timestamp: at.getTime() / 1000,
      payload: request.body,
    });
    expect(request.headers.authorization).toBe(
      `TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-25/sms/tc3_request, SignedHeaders=content-type;host, Signature=${expected.signature}`,
    );
  });
});

describe('a city’s own gateway and bus (HMAC-SHA256 over timestamp.body)', () => {
  it('signs the generic SMS request so that the receiver’s check passes, and only within the replay window', () => {
    const request = genericRequest({ endpoint: 'https://sms.city.example/send' }, 'k3y', message, at);
    const headers = {
      timestamp: request.headers['x-sgz-timestamp'],
      signature: request.headers['x-sgz-signature'],
    };
    const mac = createHmac('sha256', 'k3y').update(`${headers.timestamp}.${request.body}`).digest('hex');
    expect(headers.signature).toBe(`sha256=${mac}`);
    expect(verifyBody('k3y', headers, request.body, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifyBody('k3y', headers, request.body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyBody('k3y', headers, `${request.body} `, at)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ phone: '13812345678', templateId: 'SMS_123456789' });
  });

  it('posts the notice to the bus with its delivery id, signed', () => {
    const request = webhookRequest(
      { url: 'https://bus.city.example/notices', format: 'signed' },
      { secret: 'bus-secret' },
      { deliveryId: `${note.id}.webhook`, note },
      at,
    );
    expect(request.headers['x-sgz-delivery']).toBe(`${note.id}.webhook`);
    const mac = createHmac('sha256', 'bus-secret')
      .update(`${request.headers['x-sgz-timestamp']}.${request.body}`)
      .digest('hex');
    expect(request.headers['x-sgz-signature']).toBe(`sha256=${mac}`);
    expect(JSON.parse(request.body)).toMatchObject({ title: note.title, type: note.type, party: note.party });
  });
});

describe('group robots', () => {
  it('signs a DingTalk robot request as DingTalk documents it (HMAC-SHA256 of "<ms>\\n<secret>", base64, URL-encoded)', () => {
    const request = webhookRequest(
      { url: 'https://oapi.dingtalk.com/robot/send', format: 'dingtalk' },
      { accessToken: 'tok', secret: 'SECexample' },
      { deliveryId: 'd', note },
      at,
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe(String(at.getTime()));
    const sign = createHmac('sha256', 'SECexample').update(`${at.getTime()}\nSECexample`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(request.url).toContain(`sign=${encodeURIComponent(sign)}`);
    expect(dingtalkSign('SECexample', at.getTime())).toBe(sign);
    expect(JSON.parse(request.body)).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining(note.title) },
    });
  });

  it('posts a WeCom robot text message with the key from the secret', () => {
    const request = webhookRequest(
      { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', format: 'wecom' },
      { key: 'robot-key' },
      { deliveryId: 'd', note },
      at,
    );
    expect(request.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key');
    expect(JSON.parse(request.body).msgtype).toBe('text');
  });
});

describe('SMS templates', () => {
  const templates = SmsTemplates.parse({
    'complaint.received': { templateId: 'SMS_1', params: { kind: 'kind', title: 'title', ref: 'ref' } },
    default: { templateId: 'SMS_0', params: { kind: 'kind' } },
  });

  it('fills a notice type’s template with short zh-CN parameters, in the template’s order', () => {
    const sms = smsMessageOf(templates, { deliveryId: 'x', note, to: '13812345678' });
    expect(sms?.templateId).toBe('SMS_1');
    expect(sms?.params).toEqual([
      ['kind', '投诉'],
      ['title', '历下区解放路街道社会工作服务站'],
      ['ref', '00000XYZ'],
    ]);
    for (const [, value] of sms?.params ?? []) expect(value.length).toBeLessThanOrEqual(20);
  });

  it('falls back to the default template, and refuses a template id with other characters', () => {
    expect(
      smsMessageOf(templates, {
        deliveryId: 'x',
        note: { ...note, type: 'report.reminder' },
        to: '13812345678',
      })?.templateId,
    ).toBe('SMS_0');
    expect(() => SmsTemplates.parse({ default: { templateId: 'SMS 1', params: {} } })).toThrow();
  });
});
