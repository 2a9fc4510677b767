import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { DemoUser } from './demo-users';

/**
 * The local stand-in for Cognito and the API Gateway JWT authorizer: an RS256 key pair kept under `.data/`, ID
 * tokens with the claims Cognito puts there (`cognito:groups`, `cognito:username`, `custom:district` …), and
 * verification of issuer, audience, expiry and signature as the authorizer does.
 */
export const LOCAL_ISSUER = 'http://localhost/local-cognito';
export const LOCAL_AUDIENCE = 'sgz-local-client';
const TOKEN_TTL_SECONDS = 8 * 3600;

export interface LocalIdentity {
  issue(user: DemoUser, now?: Date): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
}

export async function loadIdentity(keyFile: string): Promise<LocalIdentity> {
  let jwks: { privateJwk: JWK; publicJwk: JWK };
  if (existsSync(keyFile)) {
    jwks = JSON.parse(readFileSync(keyFile, 'utf8'));
  } else {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    jwks = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(jwks), { mode: 0o600 });
  }
  const privateKey = await importJWK(jwks.privateJwk, 'RS256');
  const publicKey = await importJWK(jwks.publicJwk, 'RS256');
  const verified = new Map<string, JWTPayload>();
  return {
    issue: (user, now = new Date()) => {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({
        token_use: 'id',
        'cognito:username': user.username,
        'cognito:groups': [user.role],
        ...(user.district ? { 'custom:district': user.district } : {}),
        ...(user.street ? { 'custom:street': user.street } : {}),
        ...(user.org ? { 'custom:org': user.org } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'local' })
        .setSubject(`local-${user.username}`)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TOKEN_TTL_SECONDS)
        .sign(privateKey);
    },
    verify: async (token) => {
      // A token verified once is the same token until it expires: the signature check (RS256, the largest fixed
      // cost of a local request) is not repeated. Expiry and not-before are checked on every use; a changed
      // byte is another token. API Gateway's JWT authorizer caches the same way on AWS.
      const seconds = Math.floor(Date.now() / 1000);
      const hit = verified.get(token);
      if (hit && (hit.exp ?? 0) > seconds && (hit.nbf ?? 0) <= seconds) return hit;
      verified.delete(token);
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['RS256'],
      });
      if (verified.size >= 10_000) verified.clear();
      verified.set(token, payload);
      return payload;
    },
  };
}
