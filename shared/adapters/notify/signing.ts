import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one signature of requests the system sends to receivers it does not know the code of (a city's messaging
 * bus, a city's own SMS gateway): HMAC-SHA256 with the shared secret over `<timestamp>.<body>`, hex, in
 * `X-Sgz-Signature: sha256=<hex>`, the Unix time in seconds in `X-Sgz-Timestamp`, and the delivery id in
 * `X-Sgz-Delivery`. A receiver recomputes the HMAC over the raw body, compares in constant time, refuses a
 * timestamp more than {@link REPLAY_WINDOW_SECONDS} from its clock, and remembers the delivery ids it accepted
 * within that window (a retried delivery carries the same id).
 */
export const SIGNATURE_HEADER = 'x-sgz-signature';
export const TIMESTAMP_HEADER = 'x-sgz-timestamp';
export const DELIVERY_HEADER = 'x-sgz-delivery';
export const REPLAY_WINDOW_SECONDS = 300;

export const hmacSha256Hex = (secret: string | Buffer, text: string): string =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const signBody = (secret: string, timestamp: string, body: string): string =>
  `sha256=${hmacSha256Hex(secret, `${timestamp}.${body}`)}`;

/** The receiver's check (used by the tests, and the reference for a city's implementation). */
export function verifyBody(
  secret: string,
  headers: { readonly timestamp?: string; readonly signature?: string },
  body: string,
  now: Date,
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The headers of a signed request. */
export const signedHeaders = (secret: string, at: Date, body: string, deliveryId: string) => {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'content-type': 'application/json; charset=utf-8',
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
    [DELIVERY_HEADER]: deliveryId,
  };
};
