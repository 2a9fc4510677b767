import { httpHandler } from '#shared/http/http-handler';
import { openApiDocument } from '#shared/http/openapi';

export const handler = httpHandler('getOpenApi', async () => ({ body: openApiDocument() }));
