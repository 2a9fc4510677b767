import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Node } from 'constructs';
import { DEFAULT_SMS_ENDPOINT, SMS_PROVIDERS, SmsTemplates } from '#shared/adapters/notify/sms';
import { DEFAULT_WEBHOOK_URL, WEBHOOK_FORMATS } from '#shared/adapters/notify/webhook';
import { type IdentityConfig, identityConfig } from './identity-config';
import { type PortalConfig, portalConfig } from './portal-config';

/**
 * The region the app is synthesized for, when it is known: context `region`, else `CDK_DEFAULT_REGION` (which the
 * CDK CLI sets from the profile or `--region`). The templates stay environment-agnostic (every ARN, principal
 * and endpoint is built from the partition at deploy time); the region only decides what the partition does not
 * offer (Cognito and SES in the China regions) and the defaults that follow.
 */
export function targetRegion(node: Node): string | undefined {
  const fromContext: unknown = node.tryGetContext('region');
  const region =
    typeof fromContext === 'string' && fromContext !== '' ? fromContext : process.env.CDK_DEFAULT_REGION;
  return region || undefined;
}

/** `aws-cn` for cn-north-1 (Beijing) and cn-northwest-1 (Ningxia), `aws` elsewhere; undefined when unknown. */
export function partitionOf(region: string | undefined): string | undefined {
  if (!region) return undefined;
  return RegionInfo.get(region).partition ?? (region.startsWith('cn-') ? 'aws-cn' : 'aws');
}

export const isChinaRegion = (region: string | undefined): boolean => partitionOf(region) === 'aws-cn';

/**
 * Per-stage settings, read from CDK context (`npx cdk deploy --all -c stage=test -c throttleRate=20`) with
 * defaults. The defaults are the production ones; any other stage name relaxes only what can be rebuilt.
 */
export interface StageConfig {
  /** Stage name, part of every stack name (`Sgz-<stage>-Stateful`). Lowercase letters and digits. */
  readonly stage: string;
  /** Steady-state requests per second and burst of each route (HTTP API stage default route settings). */
  readonly throttle: Throttle;
  /**
   * Each public route that writes (a complaint, an objection) and each public read gets its own, tighter throttle
   * (context `publicWriteRate`/`publicWriteBurst`, `publicReadRate`/`publicReadBurst`).
   */
  readonly publicWriteThrottle: Throttle;
  readonly publicReadThrottle: Throttle;
  /**
   * How many times one network source may write to one public route per hour (context
   * `publicWritesPerSourcePerHour`, default 60): past it a 429 RATE_LIMITED problem in zh-CN
   * (shared/http/public-write-limit.ts), so one source cannot use up the route's shared throttle for everybody.
   */
  readonly publicWritesPerSourcePerHour: number;
  /**
   * Retention of every Lambda log group and of the API access logs: at least 180 days (网络安全法第二十一条:
   * network logs are kept no less than six months); a shorter `logRetentionDays` is refused.
   */
  readonly logRetention: RetentionDays;
  /** Powertools log level of every function. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * R10.1: default Object Lock retention of the archive bucket, the shortest retention rule of the regulation
   * (material related to evaluations, at least 5 years). Longer rules (30 years, permanent) are set per object.
   */
  readonly archiveRetention: Duration;
  /**
   * R10.1 says nothing under retention can be deleted: `compliance` (nobody, not even the account root, can
   * shorten or remove a lock) in production; `governance` elsewhere so that a test stage's objects can be
   * cleaned up by a principal allowed to bypass it.
   */
  readonly archiveLockMode: 'governance' | 'compliance';
  /**
   * For what can be rebuilt (log groups, the job failure queue). The stateful stack ignores it: tables, buckets
   * and the user pool are always retained.
   */
  readonly removalPolicy: RemovalPolicy;
  /** Browser origins allowed to call the API and to PUT to presigned upload URLs. */
  readonly allowedOrigins: readonly string[];
  /**
   * SMS notices through an HTTPS gateway (shared/adapters/notify/sms.ts), or absent: context `smsProvider`
   * (`aliyun`, `tencent` or `generic`) with `smsSecret`, and `smsEndpoint`, `smsSignName`, `smsAppId`, `smsRegion`,
   * `smsTemplates`. Only the notice-delivery job gets these (as `SMS_*`) and may read the secret.
   */
  readonly sms?: SmsStageConfig;
  /** Every notice posted to one destination (shared/adapters/notify/webhook.ts), or absent: `webhookFormat` … */
  readonly webhook?: WebhookStageConfig;
  /**
   * E-mail of notices through SES, or absent: then nothing is sent by e-mail (the in-app inbox still carries every
   * notice) and no function may use SES. `from` is the sender address (context `mailFrom`), given to the notifying
   * functions as `MAIL_FROM`; `identity` is the verified SES identity it belongs to (context `mailIdentity`: the
   * address itself, its domain or a parent domain; by default its domain), the one resource `ses:SendEmail` is
   * granted on. SES, like Cognito, is not offered in the AWS China regions: leave `mailFrom` unset there.
   */
  readonly mail?: { readonly from: string; readonly identity: string };
  /** The target region when known (see {@link targetRegion}). */
  readonly region?: string;
  /** Who signs users in and how the API verifies their tokens (infra/identity-config.ts). */
  readonly identity: IdentityConfig;
  /** Where the portal (web/) is served, or absent with `-c portal=false` (infra/portal-config.ts). */
  readonly portal?: PortalConfig;
  /**
   * The Cognito hosted sign-in domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`), where the portal signs
   * users in with the authorization code flow and PKCE when the stage uses Cognito: context `cognitoDomainPrefix`,
   * default `sgz-<stage>` (it must be unused in the region).
   */
  readonly cognitoDomainPrefix: string;
}

export interface SmsStageConfig {
  readonly provider: (typeof SMS_PROVIDERS)[number];
  /** HTTPS URL of the gateway; by default the provider's public endpoint (required for `generic`). */
  readonly endpoint: string;
  /**
   * The Secrets Manager secret holding the credentials, by name or ARN (never the credentials themselves): JSON
   * `{"accessKeyId","accessKeySecret"}` (aliyun), `{"secretId","secretKey"}` (tencent), `{"secret"}` (generic).
   */
  readonly secret: string;
  /** The approved SMS signature (签名), e.g. 济南市民政局. */
  readonly signName?: string;
  /** Tencent's SmsSdkAppId. */
  readonly appId?: string;
  /** Tencent's region (ap-guangzhou …). */
  readonly region?: string;
  /** Compact JSON: notice type (or `default`) → `{"templateId","params":{"<variable>":"kind|title|subject|ref|date"}}`. */
  readonly templates: string;
}

export interface WebhookStageConfig {
  readonly format: (typeof WEBHOOK_FORMATS)[number];
  /** HTTPS URL (the robots' public URL by default; required for `signed`), with no key or token in it. */
  readonly url: string;
  /** The Secrets Manager secret (name or ARN): `{"secret"}` (signed), `{"key"}` (wecom), `{"accessToken","secret"}` (dingtalk). */
  readonly secret: string;
}

/** A Secrets Manager secret by name, or by ARN in any partition (the grant is built from it as given). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws(?:-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const HTTPS_URL = /^https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/;

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** 网络安全法第二十一条: logs of network operation are kept for no less than six months. */
export const MIN_LOG_RETENTION_DAYS = 180;

/** The context keys read by {@link stageConfig}, for the README and the error messages. */
export const CONTEXT_KEYS = [
  'stage',
  'throttleRate',
  'throttleBurst',
  'publicWriteRate',
  'publicWritesPerSourcePerHour',
  'publicWriteBurst',
  'publicReadRate',
  'publicReadBurst',
  'logRetentionDays',
  'logLevel',
  'archiveRetentionDays',
  'archiveLockMode',
  'removalPolicy',
  'allowedOrigins',
  'mailFrom',
  'mailIdentity',
  'smsProvider',
  'smsEndpoint',
  'smsSecret',
  'smsSignName',
  'smsAppId',
  'smsRegion',
  'smsTemplates',
  'webhookFormat',
  'webhookUrl',
  'webhookSecret',
  'region',
  'identityIssuer',
  'identityAudience',
  'identityVerifier',
  'identityCacheSeconds',
  'claimUsername',
  'claimRoles',
  'claimDistrict',
  'claimStreet',
  'claimOrg',
  'claimRoleValues',
  'portal',
  'portalDomain',
  'portalCertificate',
  'portalClientId',
  'portalHeadersPolicy',
  'cognitoDomainPrefix',
] as const;

type ContextKey = (typeof CONTEXT_KEYS)[number];

/** Five years and the leap days in them. */
const FIVE_YEARS_IN_DAYS = 1827;

/** A host name of at least two labels (letters, digits, inner hyphens), as SES verifies a domain. */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** A plain address (no display name): what SES accepts as a sender and as an address identity. */
const ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([^@\s]+)$/i;

export function stageConfig(node: Node): StageConfig {
  const read = (key: ContextKey): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const stage = read('stage') ?? 'prod';
  if (!/^[a-z][a-z0-9]{0,15}$/.test(stage)) {
    throw new Error(
      `context stage=${stage}: expected 1-16 lowercase letters or digits, starting with a letter`,
    );
  }
  const prod = stage === 'prod';

  const positiveInt = (key: ContextKey, fallback: number): number => {
    const raw = read(key);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`context ${key}=${raw}: expected a positive integer`);
    }
    return value;
  };
  const oneOf = <T extends string>(key: ContextKey, allowed: readonly T[], fallback: T): T => {
    const raw = read(key)?.toLowerCase() ?? fallback.toLowerCase();
    const found = allowed.find((a) => a.toLowerCase() === raw);
    if (!found) throw new Error(`context ${key}=${raw}: expected one of ${allowed.join(', ')}`);
    return found;
  };

  const logRetentionDays = positiveInt(
    'logRetentionDays',
    prod ? RetentionDays.ONE_YEAR : RetentionDays.SIX_MONTHS,
  );
  if (!Object.values(RetentionDays).includes(logRetentionDays)) {
    throw new Error(`context logRetentionDays=${logRetentionDays}: not a CloudWatch Logs retention period`);
  }
  if (logRetentionDays !== RetentionDays.INFINITE && logRetentionDays < MIN_LOG_RETENTION_DAYS) {
    throw new Error(
      `context logRetentionDays=${logRetentionDays}: logs must be kept at least ${MIN_LOG_RETENTION_DAYS} days (网络安全法第二十一条)`,
    );
  }
  type Key = (typeof CONTEXT_KEYS)[number];
  const throttleOf = (rateKey: Key, burstKey: Key, rate: number, burst: number): Throttle => {
    const t = { rateLimit: positiveInt(rateKey, rate), burstLimit: positiveInt(burstKey, burst) };
    if (t.burstLimit < t.rateLimit) {
      throw new Error(`context ${burstKey}=${t.burstLimit} is below ${rateKey}=${t.rateLimit}`);
    }
    return t;
  };
  const throttle = throttleOf('throttleRate', 'throttleBurst', 50, 100);
  const publicWriteThrottle = throttleOf('publicWriteRate', 'publicWriteBurst', 2, 5);
  const publicReadThrottle = throttleOf('publicReadRate', 'publicReadBurst', 20, 40);
  for (const [name, t] of [
    ['publicWrite', publicWriteThrottle],
    ['publicRead', publicReadThrottle],
  ] as const) {
    if (t.rateLimit > throttle.rateLimit || t.burstLimit > throttle.burstLimit) {
      throw new Error(`context ${name}Rate/${name}Burst must not exceed throttleRate/throttleBurst`);
    }
  }

  const allowedOrigins = (read('allowedOrigins') ?? 'https://sgz.jinan.example')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`context allowedOrigins: ${origin} is not an origin (scheme://host[:port], no path)`);
    }
  }

  const region = targetRegion(node);
  const mailFrom = read('mailFrom')?.trim();
  if (mailFrom !== undefined && isChinaRegion(region)) {
    throw new Error(
      `context mailFrom=${mailFrom}: Amazon SES is not offered in ${region} (AWS China); leave mailFrom unset there and use the SMS or webhook channels`,
    );
  }
  const mailIdentity = read('mailIdentity')?.trim();
  let mail: StageConfig['mail'];
  if (mailFrom !== undefined) {
    const domain = ADDRESS.exec(mailFrom)?.[1]?.toLowerCase();
    if (!domain || !DOMAIN.test(domain)) {
      throw new Error(
        `context mailFrom=${mailFrom}: expected an e-mail address (local@domain, no display name)`,
      );
    }
    // An address identity is kept as written (SES may tell its local part by case); a domain is lowercased.
    const isAddress = mailIdentity !== undefined && mailIdentity.toLowerCase() === mailFrom.toLowerCase();
    const identity = isAddress ? mailIdentity : (mailIdentity?.toLowerCase() ?? domain);
    const belongs =
      isAddress || (DOMAIN.test(identity) && (domain === identity || domain.endsWith(`.${identity}`)));
    if (!belongs) {
      throw new Error(
        `context mailIdentity=${mailIdentity}: the sender ${mailFrom} does not belong to it (expected the address, its domain or a parent domain)`,
      );
    }
    mail = { from: mailFrom, identity };
  } else if (mailIdentity !== undefined) {
    throw new Error(`context mailIdentity=${mailIdentity} needs mailFrom, the sender address`);
  }

  const secretOf = (key: ContextKey): string => {
    const ref = read(key)?.trim();
    if (
      !ref ||
      !(SECRET_NAME.test(ref) || SECRET_ARN.test(ref)) ||
      ref.startsWith('arn:') !== SECRET_ARN.test(ref)
    ) {
      throw new Error(
        `context ${key}=${ref ?? ''}: expected the name or ARN of a Secrets Manager secret (the credentials themselves never go into the configuration)`,
      );
    }
    return ref;
  };
  const httpsOf = (key: ContextKey, fallback: string | undefined, what: string): string => {
    const url = read(key)?.trim() ?? fallback;
    if (!url) throw new Error(`context ${key} is required for ${what}`);
    if (!HTTPS_URL.test(url))
      throw new Error(`context ${key}=${url}: expected an https:// URL without query or fragment`);
    return url;
  };
  let sms: SmsStageConfig | undefined;
  const smsProvider = read('smsProvider');
  if (smsProvider !== undefined) {
    const provider = oneOf('smsProvider', SMS_PROVIDERS, 'generic');
    const rawTemplates = read('smsTemplates') ?? '{}';
    let templates: string;
    try {
      templates = JSON.stringify(SmsTemplates.parse(JSON.parse(rawTemplates)));
    } catch (error) {
      throw new Error(`context smsTemplates: ${(error as Error).message.slice(0, 300)}`);
    }
    if (templates.length > 2000)
      throw new Error('context smsTemplates: over 2000 characters (Lambda environment)');
    const [signName, appId, region] = [read('smsSignName'), read('smsAppId'), read('smsRegion')];
    if (provider === 'tencent' && !appId)
      throw new Error('context smsAppId (SmsSdkAppId) is required for tencent');
    sms = {
      provider,
      endpoint: httpsOf('smsEndpoint', DEFAULT_SMS_ENDPOINT[provider], `smsProvider=${provider}`),
      secret: secretOf('smsSecret'),
      ...(signName ? { signName } : {}),
      ...(appId ? { appId } : {}),
      ...(region ? { region } : {}),
      templates,
    };
  } else {
    for (const key of [
      'smsEndpoint',
      'smsSecret',
      'smsSignName',
      'smsAppId',
      'smsRegion',
      'smsTemplates',
    ] as const) {
      if (read(key) !== undefined) throw new Error(`context ${key} needs smsProvider`);
    }
  }
  const identity = identityConfig(read, region, isChinaRegion(region));
  const portal = portalConfig(read, region, isChinaRegion(region));
  // The portal's own address may call the API (CORS) and be a sign-in callback, with whatever else is allowed.
  if (portal?.domain) {
    // Without allowedOrigins given, the portal's is the one origin (not the placeholder default).
    if (read('allowedOrigins') === undefined) allowedOrigins.splice(0);
    if (!allowedOrigins.includes(`https://${portal.domain}`))
      allowedOrigins.unshift(`https://${portal.domain}`);
  }
  const cognitoDomainPrefix = read('cognitoDomainPrefix')?.trim() ?? `sgz-${stage}`;
  if (
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(cognitoDomainPrefix) ||
    /aws|amazon|cognito/.test(cognitoDomainPrefix)
  )
    throw new Error(
      `context cognitoDomainPrefix=${cognitoDomainPrefix}: lowercase letters, digits and inner hyphens, without aws, amazon or cognito`,
    );
  let webhook: WebhookStageConfig | undefined;
  if (read('webhookFormat') !== undefined) {
    const format = oneOf('webhookFormat', WEBHOOK_FORMATS, 'signed');
    webhook = {
      format,
      url: httpsOf('webhookUrl', DEFAULT_WEBHOOK_URL[format], `webhookFormat=${format}`),
      secret: secretOf('webhookSecret'),
    };
  } else if (read('webhookUrl') !== undefined || read('webhookSecret') !== undefined) {
    throw new Error('context webhookUrl/webhookSecret need webhookFormat (signed, wecom or dingtalk)');
  }

  return {
    stage,
    throttle,
    publicWriteThrottle,
    publicReadThrottle,
    publicWritesPerSourcePerHour: positiveInt('publicWritesPerSourcePerHour', 60),
    logRetention: logRetentionDays as RetentionDays,
    logLevel: oneOf('logLevel', ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const, prod ? 'INFO' : 'DEBUG'),
    archiveRetention: Duration.days(positiveInt('archiveRetentionDays', FIVE_YEARS_IN_DAYS)),
    archiveLockMode: oneOf(
      'archiveLockMode',
      ['governance', 'compliance'] as const,
      prod ? 'compliance' : 'governance',
    ),
    removalPolicy:
      oneOf('removalPolicy', ['retain', 'destroy'] as const, prod ? 'retain' : 'destroy') === 'retain'
        ? RemovalPolicy.RETAIN
        : RemovalPolicy.DESTROY,
    allowedOrigins,
    ...(mail ? { mail } : {}),
    ...(sms ? { sms } : {}),
    ...(webhook ? { webhook } : {}),
    ...(region ? { region } : {}),
    identity,
    ...(portal ? { portal } : {}),
    cognitoDomainPrefix,
  };
}
