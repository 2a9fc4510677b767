import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes } from '#shared/manifest';
import type { StageConfig } from '../config';
import { AppFunction, type AppFunctionProps } from '../constructs/app-function.construct';
import type { DefinedTable } from '../constructs/app-table.construct';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly mainTable: DefinedTable;
  readonly auditTable: DefinedTable;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly bucketNames: AppFunctionProps['bucketNames'];
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

/**
 * The HTTP API: one function and exactly one route per manifest route. A route's function holds the table access
 * its method needs, the one S3 action its presigned URLs need (manifest `storage`) and, when it notifies and the
 * stage sends e-mail, `ses:SendEmail` on the sender's identity. Cognito ID tokens are verified by a JWT
 * authorizer on every route but the public ones; the handlers read the caller's groups and scope attributes from
 * `requestContext.authorizer.jwt.claims`. The stage is throttled and writes JSON access logs.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Readonly<Record<string, AppFunction>>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const manifestRoutes = Object.entries(routes) as [string, RouteDefinition][];

    // The issuer of the pool's tokens, as Cognito writes it in their `iss` claim; the audience of an ID token is
    // the app client.
    const authorizer = new HttpJwtAuthorizer(
      'CognitoIdToken',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      {
        authorizerName: 'cognito-id-token',
        jwtAudience: [props.userPoolClient.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      },
    );

    this.api = new HttpApi(this, 'Api', {
      apiName: `sgz-${config.stage}`,
      description: '济南市社会工作服务站管理系统 API (shared/manifest.ts)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.allowedOrigins],
        allowMethods: [...new Set(manifestRoutes.map(([, r]) => r.method))].map(
          (method) => CorsHttpMethod[method],
        ),
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
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
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const functions: Record<string, AppFunction> = {};
    for (const [routeId, route] of manifestRoutes) {
      const fn = new AppFunction(this, routeId, {
        handlerModule: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        config,
        bucketNames: props.bucketNames,
        sendsMail: route.notifies === true,
      });
      // A read cannot change anything, so it cannot need to record a change either.
      if (route.method === 'GET') {
        fn.bindTable(props.mainTable, 'RO').bindAuditTable(props.auditTable, 'READ');
      } else {
        fn.bindTable(props.mainTable, 'RW').bindAuditTable(props.auditTable, 'APPEND');
      }
      if (route.storage) {
        // A presigned URL carries the permissions of the role that signed it, at the time it is used.
        const { bucket, presign, prefix } = route.storage;
        fn.allowObjects(
          props.bucketNames[bucket],
          prefix,
          [presign === 'put' ? 's3:PutObject' : 's3:GetObject'],
          `${route.method} ${route.path} hands out presigned ${presign.toUpperCase()} URLs for objects under ${prefix} of the ${bucket} bucket, and a presigned URL can do only what its signer may; objects there are named per slot and upload, so the prefix is the narrowest resource, with this one action.`,
        );
      }
      functions[routeId] = fn;

      const isPublic = route.access === 'public';
      const [apiRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${routeId}Integration`, fn),
        authorizer: isPublic ? new HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic && apiRoute) {
        Validations.of(apiRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} (${route.summary}) is public by design: shared/manifest.ts declares access 'public' because the public (社会公众) uses it without an account. The stage throttle bounds it; every non-public route has the Cognito JWT authorizer.`,
        });
      }
    }
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
