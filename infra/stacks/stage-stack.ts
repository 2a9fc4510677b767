import { Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpStage,
  type IHttpApi,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '#shared/manifest';
import type { StageConfig, Throttle } from '../config';

export interface StageStackProps extends StackProps {
  readonly config: StageConfig;
  readonly httpApi: IHttpApi;
  /** Every manifest route; each public one gets its own, tighter throttle. */
  readonly routes: readonly RouteDefinition[];
}

/**
 * The request/response fields of the access log: enough to trace a request to its function's logs and to see
 * latency and errors. No header (the Authorization token), no body, no source IP, no user identifier.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

/** The throttle of a route: public writes (complaints, objections) tightest, public reads tighter than the rest. */
export function routeThrottle(route: RouteDefinition, config: StageConfig): Throttle | undefined {
  if (route.access !== 'public') return undefined;
  return route.method === 'GET' ? config.publicReadThrottle : config.publicWriteThrottle;
}

/**
 * The `$default` stage of the HTTP API, deployed after every routes stack (it depends on them): a stage's route
 * settings may only name routes that exist, and the routes live in the routes stacks. It throttles every route at
 * the stage's rate and each public route at its own tighter one, writes JSON access logs, and deploys itself
 * whenever a route changes.
 */
export class StageStack extends Stack {
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: StageStackProps) {
    super(scope, id, props);
    const { config } = props;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: props.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of props.routes) {
      const throttle = routeThrottle(route, config);
      if (throttle) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: throttle.rateLimit,
          ThrottlingBurstLimit: throttle.burstLimit,
        };
      }
    }
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', routeSettings);
  }
}
