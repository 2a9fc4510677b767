import { Match } from 'aws-cdk-lib/assertions';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '#shared/manifest';
import { logicalIdOf, type Synthesized, synthesize } from './synth';

const manifestRoutes = Object.values(routes) as RouteDefinition[];

describe("the API stack, with API Gateway's JWT authorizer (identityVerifier=jwt)", () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize({ identityVerifier: 'jwt' });
  });

  it('holds the HTTP API, its authorizer and the $default route with its function, and no stage', () => {
    const types = Object.values(
      built.templates.api.toJSON().Resources as Record<string, { Type: string }>,
    ).map((resource) => resource.Type);

    expect(types.sort()).toEqual([
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::ApiGatewayV2::Integration',
      'AWS::ApiGatewayV2::Route',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
      'AWS::Logs::LogGroup',
    ]);
  });

  it('answers what no route takes with its own function, without a token, reading nothing', () => {
    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
    });
    const policies = built.templates.api.findResources('AWS::IAM::Policy');
    const actions = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => s.Action),
    );
    expect(actions.filter((a) => /^(dynamodb|s3|kms|ses):/.test(a))).toEqual([]);
  });

  it("verifies Cognito ID tokens: this region's user pool as issuer, the web client as audience", () => {
    const pool = logicalIdOf(built.stateful, built.stateful.userPool as UserPool);
    const client = logicalIdOf(built.stateful, built.stateful.userPoolClient as UserPoolClient);

    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { 'Fn::ImportValue': Match.stringLikeRegexp(`ExportsOutputRef${pool}`) },
            ],
          ],
        },
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp(`ExportsOutputRef${client}`) }],
      },
    });
  });

  it("allows cross-origin calls from the configured origins with the manifest's methods", () => {
    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [...built.config.allowedOrigins],
        AllowMethods: [...new Set(manifestRoutes.map((route) => route.method))],
        AllowHeaders: ['authorization', 'content-type'],
      },
    });
  });
});
