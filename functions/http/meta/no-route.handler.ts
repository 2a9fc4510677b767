import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { compileRoutes, noRouteResponse } from '#shared/http/route-match';
import { routes } from '#shared/manifest';

const compiled = compileRoutes(routes);

/**
 * The API's `$default` route: every request no route of the manifest takes (an unknown path, or a known path with
 * a method it does not accept) gets a problem in zh-CN — 404 `ROUTE_NOT_FOUND`, or 405 `METHOD_NOT_ALLOWED` with
 * `Allow` — instead of API Gateway's `{"message":"Not Found"}`. It reads nothing and needs no token.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  noRouteResponse(compiled, event.requestContext.http.method, event.rawPath);
