import * as z from 'zod';
import { RETRY_AFTER_SECONDS } from '#shared/adapters/store-timeouts';
import { Problem } from '#shared/contracts/common.schema';
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
            : '数据服务暂不可用（繁忙、未及时响应或无法连接），未作任何更改，请按 Retry-After 所示秒数后重试 (STORE_UNAVAILABLE)',
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
      // A missing or bad token is refused by the stage's authorizer before any function runs, with API Gateway's
      // own body, which cannot be made problem+json: the JWT authorizer answers 401, the Lambda authorizer (the
      // China regions) 401 without a header and 403 for a refused token. Claims that make no principal are problems.
      errors['401'] = {
        description:
          '未登录或令牌无效：网关返回 {"message":"Unauthorized"}（并带 WWW-Authenticate: Bearer）；令牌已验证但声明不合规或已过期时为 problem+json (TOKEN_CLAIMS_INVALID, TOKEN_EXPIRED, UNAUTHENTICATED)',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { message: { type: 'string', const: 'Unauthorized' } } },
          },
          ...problemContent,
        },
      };
      errors['403'] = {
        description:
          '角色或管辖范围不符 (FORBIDDEN_ROLE, OUT_OF_SCOPE)，令牌中没有本系统角色或缺少管辖范围 (ROLE_CLAIM_MISSING, SCOPE_CLAIM_MISSING)；使用 Lambda 授权器时，无效令牌由网关返回 {"message":"Forbidden"}',
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
    if (route.request?.body)
      errors['415'] = {
        description: '须为 application/json (UNSUPPORTED_MEDIA_TYPE)',
        content: problemContent,
      };
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
        'Routes, roles and schemas generated from shared/manifest/. Errors are application/problem+json with a stable `code`, a zh-CN `title` and a zh-CN `detail` (errors[] names each field at fault with what it allows); the gateway’s own answers (401 without a valid token, 404 for no route, 413, 429) are its `{"message"}`. `x-roles` lists the roles allowed; scope (district, street, organisation) is checked against each record.',
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
