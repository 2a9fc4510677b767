import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpAuthorizer, HttpAuthorizerType } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes } from '#shared/manifest';
import type { StageConfig } from '../config';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

/**
 * The HTTP API itself: CORS for the manifest's methods and the Cognito JWT authorizer. The routes, their functions
 * and integrations are in the routes stacks (routes-stack.ts), which import the API and the authorizer from here,
 * so that no stack comes near CloudFormation's 500 resources however many routes the manifest declares; the
 * stage, which names routes in its throttles, is in the stage stack (stage-stack.ts), deployed after them.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  /** Verifies Cognito ID tokens; the routes stacks put it on every route that is not public. */
  readonly authorizer: HttpAuthorizer;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const manifestRoutes = Object.values(routes) as RouteDefinition[];

    this.api = new HttpApi(this, 'Api', {
      apiName: `sgz-${config.stage}`,
      description: '济南市社会工作服务站管理系统 API (shared/manifest.ts)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.allowedOrigins],
        allowMethods: [...new Set(manifestRoutes.map((r) => r.method))].map(
          (method) => CorsHttpMethod[method],
        ),
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });

    // The issuer of the pool's tokens, as Cognito writes it in their `iss` claim; the audience of an ID token is
    // the app client. Created under the API, where a route would have created it, so its logical id is the same.
    this.authorizer = new HttpAuthorizer(this.api, 'CognitoIdToken', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      authorizerName: 'cognito-id-token',
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
