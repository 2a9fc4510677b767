import * as z from 'zod';
import { RETRY_AFTER_SECONDS } from '#shared/adapters/store-timeouts';
import { Problem } from '#shared/contracts/common.schema';
import { MAX_JSON_BODY_BYTES } from '#shared/http/body-limit';
import { type RouteDefinition, routes } from '#shared/manifest';

type Json = Record<string, unknown>;

/**
 * Set by the local runtime to the URL it actually serves on (another PORT), so that the document it serves at
 * /openapi.json names that server; unset (docs/openapi.json, a deployment), `npm start`'s default port 3000.
 */
export const OPENAPI_SERVER_URL_ENV = 'OPENAPI_SERVER_URL';

/**
 * The OpenAPI 3.1 document, generated from the manifest and the same zod schemas that validate requests (JSON
 * Schema 2020-12 is OpenAPI 3.1's schema dialect). Named schemas (`.meta({ id })`) become components.
 */
export function openApiDocument(serverUrl = 'http://localhost:3000'): Json {
  const components: Record<string, unknown> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    const { $schema: _s, $defs, ...root } = json;
    const rewrite = (value: unknown): Json =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
    for (const [name, def] of Object.entries(($defs as Json | undefined) ?? {}))
      components[name] ??= rewrite(def);
    return rewrite(root);
  };
  const problem = toSchema(Problem, 'output');
  const problemContent = { 'application/problem+json': { schema: problem } };
  const paths: Record<string, Record<string, unknown>> = {};

  for (const [id, route] of Object.entries(routes) as [string, RouteDefinition][]) {
    const parameters: Json[] = [];
    for (const where of ['params', 'query'] as const) {
      const schema = route.request?.[where];
      if (!schema) continue;
      const json = toSchema(schema, 'input');
      const required = new Set((json.required as string[] | undefined) ?? []);
      for (const [name, prop] of Object.entries((json.properties as Json | undefined) ?? {})) {
        parameters.push({
          name,
          in: where === 'params' ? 'path' : 'query',
          required: where === 'params' || required.has(name),
          schema: prop,
        });
      }
    }
    const errors: Record<string, unknown> = {
      '400': { description: '请求参数不合法 (VALIDATION_FAILED, MALFORMED_JSON)', content: problemContent },
      '500': { description: '服务器内部错误 (INTERNAL)', content: problemContent },
      '503': {
        description:
          route.probesStores === true
            ? '服务未就绪：数据库或文件存储暂不可用，detail 中指明是哪一个 (NOT_READY)'
            : `数据服务暂不可用（繁忙、未及时响应或无法连接），未作任何更改，请按 Retry-After 所示秒数后重试 (STORE_UNAVAILABLE)${route.access === 'public' ? '' : '；无法取得身份认证平台的密钥以核验令牌时同样如此 (IDENTITY_PROVIDER_UNAVAILABLE)'}`,
        headers: {
          'Retry-After': {
            description: '建议多少秒后重试',
            required: true,
            schema: { type: 'integer', const: RETRY_AFTER_SECONDS },
          },
        },
        content: problemContent,
      },
    };
    if (route.access !== 'public') {
      // The function verifies the token (identity verifier `function`, the default) and refuses with a problem; a
      // deployment that chooses API Gateway's JWT or Lambda authorizer instead gets its English {"message"} bodies.
      errors['401'] = {
        description:
          '未登录、令牌无效或已过期 (UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED)，令牌声明不合规 (TOKEN_CLAIMS_INVALID)：problem+json，并带 WWW-Authenticate: Bearer。仅当部署改由网关授权器核验令牌 (identityVerifier=jwt 或 lambda) 时，由网关返回 {"message":"Unauthorized"}',
        content: {
          ...problemContent,
          'application/json': {
            schema: { type: 'object', properties: { message: { type: 'string', const: 'Unauthorized' } } },
          },
        },
      };
      errors['403'] = {
        description:
          '角色或管辖范围不符 (FORBIDDEN_ROLE, OUT_OF_SCOPE)，令牌中没有本系统角色或缺少管辖范围 (ROLE_CLAIM_MISSING, SCOPE_CLAIM_MISSING)；仅当部署改用 Lambda 授权器 (identityVerifier=lambda) 时，无效令牌由网关返回 {"message":"Forbidden"}',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { message: { type: 'string', const: 'Forbidden' } } },
          },
          ...problemContent,
        },
      };
    }
    if (route.request?.params)
      errors['404'] = { description: '资源不存在 (NOT_FOUND)', content: problemContent };
    if (route.method !== 'GET') {
      errors['409'] = { description: '冲突：版本过期或违反唯一性/状态规则', content: problemContent };
      errors['422'] = { description: '违反业务规则', content: problemContent };
    }
    if (route.access === 'public' && route.method !== 'GET') {
      errors['429'] = {
        description:
          '同一网络来源本小时的提交已达上限 (RATE_LIMITED)，请按 Retry-After 所示秒数后重试；整条路由的流量超过网关限流时，由网关返回 {"message":"Too Many Requests"}',
        headers: {
          'Retry-After': { description: '本小时还剩多少秒', required: true, schema: { type: 'integer' } },
        },
        content: problemContent,
      };
    }
    if (route.request?.body) {
      errors['413'] = {
        description: `请求体超过 ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB (PAYLOAD_TOO_LARGE)；超过 10 MB 时由网关返回 {"message":"Request Entity Too Large"}`,
        content: problemContent,
      };
      errors['415'] = {
        description: '须为 application/json (UNSUPPORTED_MEDIA_TYPE)',
        content: problemContent,
      };
    }
    const operation: Json = {
      operationId: id,
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public'
        ? { security: [] }
        : { 'x-roles': route.access, security: [{ idToken: [] }] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.request?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.request.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(route.response.status)]: {
          description: route.response.description,
          ...(route.response.schema
            ? { content: { 'application/json': { schema: toSchema(route.response.schema, 'output') } } }
            : {}),
        },
        ...errors,
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: '济南市社会工作服务站管理系统 API',
      version: '0.1.0',
      description:
        'Routes, roles and schemas generated from shared/manifest/. Errors are application/problem+json with a stable `code`, a zh-CN `title` and a zh-CN `detail` (errors[] names each field at fault with what it allows), including 401 for a missing or bad token, 404/405 for no route and 413 for a body over 1 MB; only API Gateway’s own answers (429 when throttled, a body over 10 MB, and 401/403 where a deployment chooses a gateway authorizer) are its `{"message"}`. `x-roles` lists the roles allowed; scope (district, street, organisation) is checked against each record.',
    },
    servers: [{ url: serverUrl, description: 'npm start' }],
    components: {
      securitySchemes: {
        idToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An OpenID Connect ID token of the deployment's identity provider (Cognito by default in the global partition; the province's unified identity platform or a Keycloak by `identityIssuer`; locally the provider `npm start` runs). Its claims name the role (groups) and the scope (district, street, organisation) as the deployment's claim mapping says: Cognito's `cognito:groups`, `custom:district`, `custom:street`, `custom:org`, or by default `groups`, `district_code`, `street_code`, `org_id`.",
        },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
    paths,
  };
}
