import { runsInLambda } from '#shared/config';
import { ChannelError } from './channel';

/** One HTTP request as a channel builds it: pure data, so tests can check it against a provider's documentation. */
export interface HttpRequestSpec {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const SEND_TIMEOUT_MS = 10_000;

/**
 * Sends a channel's request and returns the answer's body. A network error, a timeout, a 429 or a 5xx may pass on
 * a later attempt; any other non-2xx is permanent. In Lambda only `https:` is allowed (locally, plain HTTP to the
 * sink of infra/local).
 */
export async function sendHttp(request: HttpRequestSpec): Promise<string> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && (runsInLambda() || url.protocol !== 'http:')) {
    throw new ChannelError(`地址必须为 HTTPS：${url.host}`, true);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ChannelError(timedOut ? `${url.host} 响应超时` : `无法连接 ${url.host}`);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return text;
  const retryable = response.status === 429 || response.status >= 500;
  throw new ChannelError(`${url.host} 返回 HTTP ${response.status}`, !retryable);
}

/** The parsed JSON answer, or undefined when it is not JSON. */
export const jsonOf = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};
