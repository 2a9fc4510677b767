import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';

const configOf = (context: Record<string, unknown>) => stageConfig(new App({ context }).node);

describe('the stage configuration', () => {
  it('defaults to production: retained, compliance-locked archive, a year of logs, INFO', () => {
    const config = configOf({});

    expect(config).toMatchObject({
      stage: 'prod',
      throttle: { rateLimit: 50, burstLimit: 100 },
      publicWriteThrottle: { rateLimit: 2, burstLimit: 5 },
      publicReadThrottle: { rateLimit: 20, burstLimit: 40 },
      logRetention: RetentionDays.ONE_YEAR,
      logLevel: 'INFO',
      archiveLockMode: 'compliance',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(config.archiveRetention.toDays()).toBe(Duration.days(1827).toDays());
  });

  it('relaxes only what can be rebuilt in another stage, and keeps logs six months even there', () => {
    const config = configOf({ stage: 'test' });

    expect(config).toMatchObject({
      stage: 'test',
      logRetention: RetentionDays.SIX_MONTHS,
      logLevel: 'DEBUG',
      archiveLockMode: 'governance',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(config.archiveRetention.toDays()).toBe(1827);
  });

  it('reads every setting from context, as strings from the CLI or as values', () => {
    const config = configOf({
      stage: 'demo',
      throttleRate: '20',
      throttleBurst: 40,
      publicWriteRate: '1',
      publicWriteBurst: 3,
      logRetentionDays: '365',
      logLevel: 'warn',
      archiveRetentionDays: '3650',
      archiveLockMode: 'COMPLIANCE',
      removalPolicy: 'retain',
      allowedOrigins: 'https://a.example, http://localhost:5173',
    });

    expect(config).toMatchObject({
      stage: 'demo',
      throttle: { rateLimit: 20, burstLimit: 40 },
      publicWriteThrottle: { rateLimit: 1, burstLimit: 3 },
      logRetention: RetentionDays.ONE_YEAR,
      logLevel: 'WARN',
      archiveLockMode: 'compliance',
      removalPolicy: RemovalPolicy.RETAIN,
      allowedOrigins: ['https://a.example', 'http://localhost:5173'],
    });
    expect(config.archiveRetention.toDays()).toBe(3650);
  });

  it('sends no e-mail unless mailFrom is given', () => {
    expect(configOf({}).mail).toBeUndefined();
  });

  it("sends as mailFrom, with the address's domain as its SES identity by default", () => {
    expect(configOf({ mailFrom: 'noreply@sgz.jinan.example' }).mail).toEqual({
      from: 'noreply@sgz.jinan.example',
      identity: 'sgz.jinan.example',
    });
  });

  it.each([
    ['the address itself', 'Noreply@sgz.jinan.example', 'Noreply@sgz.jinan.example'],
    ['a parent domain', 'Jinan.Example', 'jinan.example'],
  ])('takes the SES identity from mailIdentity: %s', (_, mailIdentity, identity) => {
    const config = configOf({ mailFrom: 'Noreply@sgz.jinan.example', mailIdentity });

    expect(config.mail).toEqual({ from: 'Noreply@sgz.jinan.example', identity });
  });

  it.each([
    [{ stage: 'Prod_1' }, /stage/],
    [{ throttleRate: 'fast' }, /throttleRate/],
    [{ throttleRate: 100, throttleBurst: 10 }, /throttleBurst/],
    [{ logRetentionDays: 42 }, /retention period/],
    [{ logRetentionDays: 90 }, /at least 180 days/],
    [{ publicWriteRate: 5, publicWriteBurst: 3 }, /publicWriteBurst/],
    [{ throttleRate: 10, throttleBurst: 20, publicReadRate: 15, publicReadBurst: 20 }, /must not exceed/],
    [{ logLevel: 'loud' }, /logLevel/],
    [{ archiveLockMode: 'none' }, /archiveLockMode/],
    [{ removalPolicy: 'snapshot' }, /removalPolicy/],
    [{ allowedOrigins: 'https://a.example/app' }, /not an origin/],
    [{ mailFrom: 'noreply' }, /mailFrom=noreply: expected an e-mail address/],
    [{ mailFrom: '济南社工站 <noreply@a.example>' }, /mailFrom=.*expected an e-mail address/],
    [{ mailFrom: 'noreply@localhost' }, /mailFrom=.*expected an e-mail address/],
    [{ mailFrom: 'noreply@a.example', mailIdentity: 'b.example' }, /does not belong/],
    [{ mailFrom: 'noreply@a.example', mailIdentity: 'other@a.example' }, /does not belong/],
    [{ mailFrom: 'noreply@a.example', mailIdentity: 'xa.example' }, /does not belong/],
    [{ mailIdentity: 'a.example' }, /mailIdentity=a.example needs mailFrom/],
  ])('refuses the context %j', (context, message) => {
    expect(() => configOf(context)).toThrow(message);
  });
});
