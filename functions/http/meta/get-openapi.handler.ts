import { httpHandler } from '#shared/http/http-handler';
import { OPENAPI_SERVER_URL_ENV, openApiDocument } from '#shared/http/openapi';
import { getOpenApiRoute } from '#shared/manifest';

export const handler = httpHandler(getOpenApiRoute, async () => ({
  body: openApiDocument(process.env[OPENAPI_SERVER_URL_ENV] || undefined),
}));
