import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import {
  IdentityProviderUnavailable,
  type OidcVerifier,
  TokenRefused,
  verifierFromEnv,
} from '#shared/adapters/identity/oidc-verifier';
import { logger } from '#shared/http/logger';

/**
 * The HTTP API's Lambda authorizer (simple responses, payload 2.0), used where API Gateway's JWT authorizer is not
 * (the AWS China regions by default, `identityVerifier=lambda` anywhere): it verifies the bearer token against the
 * configured OpenID Connect issuer and hands the token's claims to the route function as JSON
 * (`requestContext.authorizer.lambda.claims`), where the one access check maps them to a principal with the
 * configured claim names (shared/http/auth.ts). API Gateway caches the answer per Authorization header.
 *
 * A refused token → `isAuthorized: false` (API Gateway answers 403); an unreachable provider → the invocation
 * fails (500, not cached), so a provider outage is never remembered as a refusal.
 */
export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<{ claims?: string }>;

let verifier: OidcVerifier | undefined;

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  verifier ??= verifierFromEnv();
  const header = event.headers?.authorization ?? event.identitySource?.[0] ?? '';
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  try {
    const claims = await verifier.verify(token);
    return { isAuthorized: true, context: { claims: JSON.stringify(claims) } };
  } catch (error) {
    if (error instanceof TokenRefused) {
      logger.info('token refused', { reason: error.reason, route: event.routeKey });
      return { isAuthorized: false, context: {} };
    }
    if (error instanceof IdentityProviderUnavailable) {
      logger.error('identity provider unavailable', { error });
    }
    throw error;
  }
}

/** Forget the verifier read from the environment (the local runtime sets the issuer before the first request). */
export const resetAuthorizer = (): void => {
  verifier = undefined;
};
