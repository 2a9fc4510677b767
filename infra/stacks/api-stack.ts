import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  type HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes } from '#shared/manifest';
import type { StageConfig } from '../config';
import { AppFunction } from '../constructs/app-function.construct';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly mainTable: ITable;
  readonly auditTable: ITable;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly reportsBucketName: string;
  readonly archiveBucketName: string;
}

/**
 * The HTTP API: one Lambda and one route per manifest route, Cognito ID tokens verified by the JWT authorizer
 * (public routes excepted), stage throttling and JSON access logs without personal data.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<string, AppFunction> = {};

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    const authorizer = new HttpJwtAuthorizer('Cognito', props.userPool.userPoolProviderUrl, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: `sgz-${config.stage}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH],
        allowHeaders: ['authorization', 'content-type'],
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Request id, route, status and timing only: no headers (tokens), no bodies, no source IP.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            time: '$context.requestTime',
          }),
        ),
      },
    });

    for (const [routeId, route] of Object.entries(routes) as [string, RouteDefinition][]) {
      const fn = new AppFunction(this, routeId, {
        handlerModule: route.handler,
        description: `${route.method} ${route.path}`,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });
      const readOnly = route.method === 'GET';
      fn.bindTable(props.mainTable, 'main', readOnly ? 'RO' : 'RW')
        .bindAudit(props.auditTable)
        .bindBucketName('reports', props.reportsBucketName)
        .bindBucketName('archive', props.archiveBucketName);
      this.functions[routeId] = fn;
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: new HttpLambdaIntegration(`${routeId}Integration`, fn),
        authorizer: route.access === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
    }

    const publicRoutes = Object.values(routes as Record<string, RouteDefinition>)
      .filter((r) => r.access === 'public')
      .map((r) => `${r.method} ${r.path}`);
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: `Public by design (health check, OpenAPI document, official divisions, working-day calendar): ${publicRoutes.join(', ')}. Every other route has the Cognito JWT authorizer.`,
    });
  }
}
