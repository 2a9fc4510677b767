import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  type ErrorResponse,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginAccessIdentity,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { portalDir } from '../paths';
import type { PortalConfig } from '../portal-config';

/** What the portal is told at `/portal-config.json` (web/src/services/auth.ts reads it before signing in). */
export interface PortalRuntimeConfig {
  /** The API's base URL (`https://<id>.execute-api.<region>.<partition's suffix>`). */
  readonly apiUrl: string;
  /** The OIDC issuer the portal signs in at (authorization code with PKCE). */
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
  /** Which ID token claims hold the role and the scope (the API's own mapping, `IDENTITY_CLAIMS`). */
  readonly claims: {
    readonly roles: string;
    readonly district: string;
    readonly street: string;
    readonly org: string;
  };
  readonly roleValues?: Readonly<Record<string, string>>;
}

export interface PortalStackProps extends StackProps {
  readonly config: StageConfig;
  readonly portal: PortalConfig;
  /** `/portal-config.json`, with deploy-time values (the API's URL, the user pool's issuer) as tokens. */
  readonly runtimeConfig: PortalRuntimeConfig;
  /** Origins the pages may call besides their own: the API, the identity provider, the reports bucket. */
  readonly connectSrc: readonly string[];
}

/**
 * The public pages whose HTML the build wrote (web/src/prerender.tsx: `gs/index.html`, `gs/publicity/index.html`,
 * …), as page paths: `/gs`, `/gs/publicity`, … Read from the built portal, the files this stack deploys.
 */
export function prerenderedPages(dir: string): string[] {
  const gs = join(dir, 'gs');
  if (!existsSync(join(gs, 'index.html'))) return [];
  return [
    '/gs',
    ...readdirSync(gs, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(gs, e.name, 'index.html')))
      .map((e) => `/gs/${e.name}`)
      .sort(),
  ];
}

/**
 * The page paths of the app (web/src/routes.tsx): the public site under /gs, the console under /console. A
 * viewer-request CloudFront Function (global partition) sends a public page whose HTML the build wrote to that file
 * (`/gs/publicity` and `/gs/publicity/` to `/gs/publicity/index.html`), the other page paths to index.html; every
 * other path is a file.
 */
const spaRewrite = (
  pages: readonly string[],
) => `var PAGES = ${JSON.stringify(Object.fromEntries(pages.map((p) => [p, true])))};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var page = uri.length > 1 && uri.charAt(uri.length - 1) === '/' ? uri.slice(0, -1) : uri;
  if (PAGES[page] === true) {
    request.uri = page + '/index.html';
  } else if (uri === '/gs' || uri.indexOf('/gs/') === 0 || uri === '/console' || uri.indexOf('/console/') === 0) {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * The portal (web/, built by vite) as static files: a private, encrypted S3 bucket that only this distribution
 * reads, and a CloudFront distribution in front of it that adds the security headers (the same CSP the local
 * runtime sends: no inline script, styles inline for Ant Design's CSS-in-JS, connections only to the API, the
 * identity provider and the reports bucket's presigned uploads). The variant follows the partition
 * (infra/portal-config.ts): OAC, a CloudFront Function and cache policies in the global partition; OAI, error
 * responses and legacy cache settings in the AWS China regions, on the ICP-filed domain with an IAM certificate.
 *
 * index.html and portal-config.json are never cached (a new deployment takes effect at once); the hashed assets
 * under /assets/ are immutable for a year, and old ones stay (a page open during a deployment still loads them).
 */
export class PortalStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<portalDomain>` or the distribution's own address. */
  readonly url: string;
  /** What /portal-config.json holds (tokens until deployed). */
  readonly runtimeConfig: PortalRuntimeConfig;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    const { config, portal } = props;
    const china = portal.variant === 'china';
    this.runtimeConfig = props.runtimeConfig;
    const pages = prerenderedPages(portalDir);

    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with an ACL: the bucket must let its owner take them over.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Kept as long as the API's logs (网络安全法第二十一条: no less than six months).
      ...(config.logRetention === RetentionDays.INFINITE
        ? {}
        : { lifecycleRules: [{ expiration: Duration.days(config.logRetention) }] }),
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access log destination of the portal bucket and its distribution; logging its own access into itself would create a log record for every log delivery, without end.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      // The built portal can be deployed again from the repository at any time.
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    const headers =
      portal.headersPolicy &&
      new ResponseHeadersPolicy(this, 'SecurityHeaders', {
        comment: `sgz-${config.stage}: CSP and security headers of the portal`,
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: Fn.join('; ', [
              "default-src 'self'",
              "script-src 'self'",
              "style-src 'self' 'unsafe-inline'",
              "img-src 'self' data:",
              Fn.join(' ', ["connect-src 'self'", ...props.connectSrc]),
              "frame-ancestors 'none'",
              "base-uri 'self'",
              "form-action 'self'",
              "object-src 'none'",
            ]),
            override: true,
          },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(365),
            includeSubdomains: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        },
      });

    const origin = china
      ? S3BucketOrigin.withOriginAccessIdentity(this.bucket, {
          originAccessIdentity: new OriginAccessIdentity(this, 'Reader', {
            comment: `sgz-${config.stage} portal: the one reader of the portal bucket`,
          }),
        })
      : S3BucketOrigin.withOriginAccessControl(this.bucket);

    // In China, with no CloudFront Functions there, the public pages' HTML is also stored under the page's own path
    // (below), and every other page path reaches index.html through the error responses (S3 answers 403 for a key
    // that is absent when the reader may not list the bucket): the distribution serves the portal only, never the API.
    const errorResponses: ErrorResponse[] = china
      ? [403, 404].map((httpStatus) => ({
          httpStatus,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.seconds(0),
        }))
      : [];

    const certificate = portal.certificate;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `sgz-${config.stage}: 济南市社会工作服务站管理系统 门户`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
        ...(headers ? { responseHeadersPolicy: headers } : {}),
        ...(china
          ? {}
          : {
              functionAssociations: [
                {
                  eventType: FunctionEventType.VIEWER_REQUEST,
                  function: new EdgeFunction(this, 'PagePaths', {
                    comment:
                      'The app page paths (/gs, /console): a public page with its own HTML, others index.html',
                    code: FunctionCode.fromInline(spaRewrite(pages)),
                    runtime: FunctionRuntime.JS_2_0,
                  }),
                },
              ],
            }),
      },
      errorResponses,
      httpVersion: HttpVersion.HTTP2,
      // The users are in mainland China: every edge location (China's own distribution has only its four).
      priceClass: PriceClass.PRICE_CLASS_ALL,
      ...(certificate && !china ? { minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(portal.domain && certificate && !china
        ? {
            domainNames: [portal.domain],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', certificate),
          }
        : {}),
    });
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    if (china) {
      // No cache policies in the China regions: the legacy settings (no query string, no cookie forwarded).
      cfn.addPropertyDeletionOverride('DistributionConfig.DefaultCacheBehavior.CachePolicyId');
      cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', {
        QueryString: false,
        Cookies: { Forward: 'none' },
      });
      // The ICP-filed name with its certificate from the IAM store (no ACM for CloudFront there).
      cfn.addPropertyOverride('DistributionConfig.Aliases', [portal.domain]);
      cfn.addPropertyDeletionOverride('DistributionConfig.ViewerCertificate.CloudFrontDefaultCertificate');
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: certificate,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
      // HTTP/2 only where the partition documents it; China's CloudFront takes http1.1 and http2.
      cfn.addPropertyOverride('DistributionConfig.HttpVersion', 'http2');
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The public pages (publicity R18, fund disclosure R28, complaints R15) are for anyone, including citizens abroad; no geographic restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files only; the API, which takes input, has its own per-route throttles (stage stack). A WAF web ACL for CloudFront is a global-partition resource in us-east-1 and is attached by the operator where the bureau requires it (docs/deployment.md).',
      },
      ...(!portal.domain
        ? [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without portalDomain the distribution answers on its own *.cloudfront.net name with the default certificate, whose minimum protocol CloudFront fixes; a stage with a domain uses TLS 1.2 (2021) at least.',
            },
          ]
        : china
          ? [
              {
                id: 'AwsSolutions-CFR4',
                reason:
                  'The viewer certificate is set by a property override (the IAM server certificate, SNI, TLSv1.2_2021), which cdk-nag does not read: the L2 knows only ACM certificates, which CloudFront in China does not take.',
              },
            ]
          : []),
      ...(china
        ? [
            {
              id: 'AwsSolutions-CFR7',
              reason:
                'AWS::CloudFront::OriginAccessControl is not a resource type in the China regions: the bucket is read through an origin access identity, still with no public access.',
            },
          ]
        : []),
    );

    const site = Source.asset(portalDir);
    // The hashed assets (immutable), then the pages (index.html, the public pages' HTML under gs/) and the runtime
    // configuration (never cached).
    new BucketDeployment(this, 'Assets', {
      sources: [site],
      destinationBucket: this.bucket,
      exclude: ['index.html', 'gs/*'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const pagePaths = ['/index.html', '/portal-config.json', '/gs', '/gs/*'];
    new BucketDeployment(this, 'Pages', {
      sources: [site, Source.jsonData('portal-config.json', props.runtimeConfig)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['index.html', 'gs/*', 'portal-config.json'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: pagePaths,
    });
    if (china) {
      // A public page's HTML also as the object at its own path (`gs/publicity`, HTML without an extension), which
      // CloudFront in China asks the bucket for as it is. `gs` apart from the others: a deployment unpacks its
      // sources into one folder, where a file `gs` and a folder `gs/` cannot both be.
      const html = (page: string) => readFileSync(join(portalDir, page, 'index.html'), 'utf8');
      const groups = [pages.filter((p) => p === '/gs'), pages.filter((p) => p !== '/gs')];
      for (const [i, group] of groups.entries()) {
        if (group.length === 0) continue;
        new BucketDeployment(this, i === 0 ? 'PublicHome' : 'PublicPages', {
          sources: group.map((page) => Source.data(page.slice(1), html(page))),
          destinationBucket: this.bucket,
          prune: false,
          contentType: 'text/html; charset=utf-8',
          cacheControl: [CacheControl.noCache()],
          distribution: this.distribution,
          distributionPaths: pagePaths,
        });
      }
    }

    // The deployments' copier: CDK's own singleton function (the AWS CLI layer's `aws s3 sync`), run at deploy time.
    const copier = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (copier)
      Validations.of(copier).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's BucketDeployment function (run only while deploying the portal) writes its own CloudWatch logs; the managed policy allows exactly that and nothing more.",
        },
        ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "CDK's BucketDeployment copies the built portal from the CDK assets bucket into the portal bucket; these are the read/write action groups grantReadWrite gives on those two buckets only.",
        })),
        {
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
          reason:
            'The deployment reads the built portal files (web/dist zipped by CDK) from the CDK bootstrap assets bucket of this account and region, and from no other bucket.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::<SiteE53D7754.Arn>/*]',
          reason:
            'The deployment writes every file of the built portal (hashed assets, index.html, the public pages and portal-config.json) into the private portal bucket.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on every distribution: CloudFront invalidations take no resource-level ARN in the policy CDK writes.',
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            "CDK's BucketDeployment function runs the Python runtime CDK pins for its AWS CLI layer; it runs only during a deployment.",
        },
      );

    this.url = portal.domain
      ? `https://${portal.domain}`
      : `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'PortalUrl', {
      value: this.url,
      description: 'The portal: the public site at /gs, the console at /console',
    });
    new CfnOutput(this, 'PortalBucket', { value: this.bucket.bucketName });
  }
}
