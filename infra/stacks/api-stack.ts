import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AuthorizerPayloadVersion,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { IDENTITY_AUDIENCE_ENV, IDENTITY_ISSUER_ENV } from '#shared/adapters/identity/oidc-verifier';
import { authorizerHandler, noRouteHandler, type RouteDefinition, routes } from '#shared/manifest';
import type { StageConfig } from '../config';
import { AppFunction } from '../constructs/app-function.construct';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stateful stack's user pool and client, when the stage signs users in with Cognito. */
  readonly userPool?: IUserPool;
  readonly userPoolClient?: IUserPoolClient;
}

/**
 * The HTTP API itself: CORS for the manifest's methods and the authorizer every protected route carries. The
 * routes, their functions and integrations are in the routes stacks (routes-stack.ts), which import the API and
 * the authorizer from here, so that no stack comes near CloudFormation's 500 resources however many routes the
 * manifest declares; the stage, which names routes in its throttles, is in the stage stack (stage-stack.ts),
 * deployed after them.
 *
 * Who verifies the ID token follows the stage's identity (infra/identity-config.ts): by default each route's
 * function (`function`: the API has no authorizer, and the routes stacks give every protected function the issuer
 * and audience, {@link ApiStack.identityIssuer}), so a refusal is a problem in zh-CN; or API Gateway's JWT
 * authorizer (`jwt`), or the project's Lambda authorizer (`lambda`, functions/auth/authorizer.handler.ts) with its
 * answers cached per Authorization header.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  /**
   * Verifies the bearer token at the gateway (identity verifier `jwt` or `lambda`); the routes stacks put it on
   * every route that is not public. Undefined when the functions verify it (`function`).
   */
  readonly authorizer?: HttpAuthorizer;
  /** `JWT` or `LAMBDA` (`REQUEST`): how the routes stacks import the authorizer. */
  readonly authorizerType?: HttpAuthorizerType;
  /** The issuer whose ID tokens the API accepts, as tokens carry it in `iss` (the user pool's, or the OIDC one). */
  readonly identityIssuer: string;
  /** The client ids the tokens are issued to (`aud`). */
  readonly identityAudience: readonly string[];
  /** The Lambda authorizer's function, when the stage uses one. */
  readonly authorizerFunction?: AppFunction;
  /** The `$default` route's function: 404/405 in zh-CN for a request no route takes. */
  readonly noRouteFunction: AppFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { identity } = config;
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

    if (identity.kind === 'cognito') {
      if (!props.userPool || !props.userPoolClient) {
        throw new Error('ApiStack: the stage signs users in with Cognito but no user pool was given');
      }
      // The issuer of the pool's tokens, as Cognito writes it in their `iss` claim; the audience of an ID token is
      // the app client.
      this.identityIssuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${props.userPool.userPoolId}`;
      this.identityAudience = [props.userPoolClient.userPoolClientId];
    } else {
      this.identityIssuer = identity.issuer;
      this.identityAudience = identity.audience;
    }

    if (identity.verifier === 'function') {
      // No authorizer: every protected route's function verifies the token (shared/http/auth.ts).
    } else if (identity.kind === 'cognito') {
      // Created under the API, where a route would have created it, so its logical id is the same.
      this.authorizerType = HttpAuthorizerType.JWT;
      this.authorizer = new HttpAuthorizer(this.api, 'CognitoIdToken', {
        httpApi: this.api,
        type: HttpAuthorizerType.JWT,
        authorizerName: 'cognito-id-token',
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: this.identityIssuer,
        jwtAudience: [...this.identityAudience],
      });
    } else if (identity.verifier === 'jwt') {
      this.authorizerType = HttpAuthorizerType.JWT;
      this.authorizer = new HttpAuthorizer(this.api, 'OidcIdToken', {
        httpApi: this.api,
        type: HttpAuthorizerType.JWT,
        authorizerName: 'oidc-id-token',
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: identity.issuer,
        jwtAudience: [...identity.audience],
      });
    } else {
      const fn = new AppFunction(this, 'Authorizer', {
        handlerModule: authorizerHandler,
        description: `Verifies ID tokens of ${identity.issuer} for the HTTP API (Lambda authorizer)`.slice(
          0,
          256,
        ),
        config,
        timeout: Duration.seconds(10),
        memorySize: 256,
      });
      fn.addEnvironment(IDENTITY_ISSUER_ENV, identity.issuer);
      fn.addEnvironment(IDENTITY_AUDIENCE_ENV, identity.audience.join(','));
      this.authorizerFunction = fn;
      this.authorizerType = HttpAuthorizerType.LAMBDA;
      this.authorizer = new HttpAuthorizer(this.api, 'OidcLambda', {
        httpApi: this.api,
        type: HttpAuthorizerType.LAMBDA,
        authorizerName: 'oidc-lambda',
        identitySource: ['$request.header.Authorization'],
        authorizerUri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
        enableSimpleResponses: true,
        payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
        resultsCacheTtl: Duration.seconds(identity.cacheSeconds),
      });
      fn.addPermission('InvokedByApiGateway', {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: Stack.of(this).formatArn({
          service: 'execute-api',
          resource: this.api.apiId,
          resourceName: `authorizers/${this.authorizer.authorizerId}`,
        }),
      });
    }

    // What no route takes: a problem in zh-CN (404, or 405 with Allow) instead of API Gateway's {"message"}. It
    // reads no table and no bucket; preflight requests stay API Gateway's own (corsPreflight above).
    this.noRouteFunction = new AppFunction(this, 'NoRoute', {
      handlerModule: noRouteHandler,
      description: 'Answers a request no route of the API takes: 404 or 405 as a problem in zh-CN',
      config,
      memorySize: 256,
    });
    const noRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NoRouteIntegration', this.noRouteFunction),
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(noRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route only tells a caller, signed in or not, that no route takes its request (404 ROUTE_NOT_FOUND, or 405 METHOD_NOT_ALLOWED naming the methods the path accepts); it reads no data and has no table or bucket access.',
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    if (identity.kind === 'oidc') new CfnOutput(this, 'IdentityIssuer', { value: identity.issuer });
  }
}
