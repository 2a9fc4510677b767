import { App, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { environmentOf, grantsOfRole, logicalIdOf, type Synthesized, synthesize } from './synth';

/**
 * Notices by channel in the CDK app: the SMS gateway and the webhook are configured by context keys, validated in
 * infra/config.ts; only the notice-delivery job gets their settings, may read their secrets (ARNs built from the
 * partition) and may open phones; every function knows which channels the stage has, to queue its notices.
 */
const CHANNELS = {
  smsProvider: 'aliyun',
  smsSecret: 'sgz/sms',
  smsSignName: '济南市民政局',
  smsTemplates: JSON.stringify({
    default: { templateId: 'SMS_123456789', params: { kind: 'kind', title: 'title' } },
  }),
  webhookFormat: 'dingtalk',
  webhookSecret: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sgz/robot-AbCdEf',
};
const configOf = (context: Record<string, unknown>) => stageConfig(new App({ context }).node);

describe('notice channels in the CDK app', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize(CHANNELS);
  });

  type Fn = IConstruct & { role?: IConstruct };
  const everyFunction = (of: Synthesized): [string, Fn][] => [
    ...Object.entries(of.routeFunctions),
    ...Object.entries(of.jobs.jobFunctions),
    ...Object.entries(of.jobs.fanOuts).map(([id, f]): [string, Fn] => [`${id} worker`, f.worker]),
    ...Object.entries(of.jobs.triggerFunctions),
    ['seed', of.jobs.seedFunction],
  ];
  const grantsOf = (of: Synthesized, fn: Fn, service: string) =>
    grantsOfRole(of.templateOf(fn), logicalIdOf(Stack.of(fn), fn.role ?? fn), service);
  const envOf = (of: Synthesized, fn: Fn) => environmentOf(of.templateOf(fn), Stack.of(fn), fn);
  /** The function that sends: the notice-delivery job's worker (its dispatcher only hands deliveries on). */
  const deliveryJob = (of: Synthesized) => of.jobs.fanOuts['notice-delivery']?.worker as Fn;

  it("lets the notice-delivery job's worker alone read the configured secrets, by partition-built ARNs", () => {
    expect(grantsOf(built, deliveryJob(built), 'secretsmanager')).toEqual({
      'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:sgz/sms-??????': [
        'secretsmanager:GetSecretValue',
      ],
      [CHANNELS.webhookSecret]: ['secretsmanager:GetSecretValue'],
    });
    for (const [id, fn] of everyFunction(built)) {
      if (fn === deliveryJob(built)) continue;
      expect(grantsOf(built, fn, 'secretsmanager'), id).toEqual({});
    }
  });

  it('gives the channel settings to that job only, and the channel list to every function', () => {
    expect(envOf(built, deliveryJob(built))).toMatchObject({
      SMS_PROVIDER: 'aliyun',
      SMS_ENDPOINT: 'https://dysmsapi.aliyuncs.com/',
      SMS_SECRET: 'sgz/sms',
      SMS_SIGN_NAME: '济南市民政局',
      SMS_TEMPLATES: CHANNELS.smsTemplates,
      WEBHOOK_FORMAT: 'dingtalk',
      WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send',
      WEBHOOK_SECRET: CHANNELS.webhookSecret,
    });
    for (const [id, fn] of everyFunction(built)) {
      const env = envOf(built, fn);
      expect(env.NOTICE_CHANNELS, id).toBe('sms,webhook');
      if (fn === deliveryJob(built)) continue;
      expect(
        Object.keys(env).filter((k) => k.startsWith('SMS_') || k.startsWith('WEBHOOK_')),
        id,
      ).toEqual([]);
    }
  });

  it("lets no job's function but notice-delivery's worker open personal data, and no function send SES without mailFrom", () => {
    const jobFunctions: [string, Fn][] = [
      ...Object.entries(built.jobs.jobFunctions),
      ...Object.entries(built.jobs.fanOuts).map(([id, f]): [string, Fn] => [`${id} worker`, f.worker]),
    ];
    for (const [id, fn] of jobFunctions) {
      const decrypts = Object.values(grantsOf(built, fn, 'kms')).some((actions) =>
        actions.includes('kms:Decrypt'),
      );
      expect(decrypts, id).toBe(id === 'notice-delivery worker');
    }
    for (const [id, fn] of everyFunction(built)) expect(grantsOf(built, fn, 'ses'), id).toEqual({});
  });

  it('sets no channel and grants no secret when the stage has none', () => {
    const plain = synthesize();
    for (const [id, fn] of everyFunction(plain)) {
      expect(grantsOf(plain, fn, 'secretsmanager'), id).toEqual({});
      expect(envOf(plain, fn), id).not.toHaveProperty('NOTICE_CHANNELS');
    }
  });
});

describe('the channel context keys', () => {
  it.each([
    [{ smsProvider: 'aliyun' }, 'smsSecret'],
    [{ smsProvider: 'huawei', smsSecret: 's' }, 'smsProvider'],
    [{ smsProvider: 'generic', smsSecret: 's' }, 'smsEndpoint is required'],
    [{ smsProvider: 'generic', smsSecret: 's', smsEndpoint: 'http://sms.example/send' }, 'https://'],
    [{ smsProvider: 'tencent', smsSecret: 's' }, 'smsAppId'],
    [{ smsProvider: 'aliyun', smsSecret: 'AKID:secret value' }, 'name or ARN'],
    [
      {
        smsProvider: 'aliyun',
        smsSecret: 's',
        smsTemplates: '{"report.submitted":{"templateId":"SMS 1","params":{}}}',
      },
      'smsTemplates',
    ],
    [{ smsSecret: 's' }, 'needs smsProvider'],
    [{ webhookFormat: 'signed', webhookSecret: 's' }, 'webhookUrl is required'],
    [{ webhookFormat: 'slack', webhookSecret: 's' }, 'webhookFormat'],
    [{ webhookUrl: 'https://bus.example/in' }, 'need webhookFormat'],
    [{ mailFrom: 'noreply@sgz.jinan.example', region: 'cn-north-1' }, 'SES'],
    [{ mailFrom: 'noreply@sgz.jinan.example', region: 'cn-northwest-1' }, 'SES'],
  ])('refuses %j', (context, message) => {
    expect(() => configOf(context)).toThrow(message);
  });

  it('reads a valid configuration, with the provider’s endpoint by default', () => {
    expect(
      configOf({
        smsProvider: 'tencent',
        smsSecret: 'sgz/sms',
        smsAppId: '1400000000',
        webhookFormat: 'wecom',
        webhookSecret: 'sgz/wecom',
      }),
    ).toMatchObject({
      sms: {
        provider: 'tencent',
        endpoint: 'https://sms.tencentcloudapi.com/',
        secret: 'sgz/sms',
        appId: '1400000000',
        templates: '{}',
      },
      webhook: {
        format: 'wecom',
        url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
        secret: 'sgz/wecom',
      },
    });
  });
});
