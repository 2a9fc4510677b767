import createClient from 'openapi-fetch';
import type { paths } from './api';
import { currentSession } from './auth';
import { ApiProblem, networkProblem, toProblem } from './problem';

/** The one client of the API: typed from docs/openapi.json (services/api.d.ts), the bearer token added when signed in. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

api.use({
  onRequest({ request }) {
    const token = currentSession()?.idToken;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
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
