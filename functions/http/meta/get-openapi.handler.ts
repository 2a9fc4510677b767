import { httpHandler } from '#shared/http/http-handler';
import { openApiDocument } from '#shared/http/openapi';
import { getOpenApiRoute } from '#shared/manifest';

export const handler = httpHandler(getOpenApiRoute, async () => ({ body: openApiDocument() }));
