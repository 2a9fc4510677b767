import createClient from 'openapi-fetch';
import type { paths } from './api';
import { currentSession, loadPortalConfig } from './auth';
import { ApiProblem, networkProblem, toProblem } from './problem';

/** The one client of the API: typed from docs/openapi.json (services/api.d.ts), the bearer token added when signed in. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

api.use({
  async onRequest({ request }) {
    const token = currentSession()?.idToken;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    // Deployed, the API has its own address (portal-config.json `apiUrl`); locally it is this page's origin.
    const { apiUrl } = await loadPortalConfig();
    if (!apiUrl) return request;
    const url = new URL(request.url);
    const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
    return new Request(`${apiUrl.replace(/\/$/, '')}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
    });
  },
});

/** The data of an answer, or the API's problem thrown as an {@link ApiProblem}. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    throw networkProblem();
  }
  if (result.error !== undefined || !result.response.ok)
    throw toProblem(result.response.status, result.error);
  return result.data as NonNullable<T>;
}
