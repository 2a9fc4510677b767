import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

/**
 * One structured logger per process. Logs carry the request id and route, never personal data: bodies, tokens,
 * names, ID numbers and phones are not logged. Two guards back that rule up, whatever a caller passes:
 *
 * - the invocation event (headers with the bearer token, the request body) is never logged, even with
 *   POWERTOOLS_LOGGER_LOG_EVENT=true;
 * - every string of every log item (message, attributes, error messages and stacks) goes through
 *   {@link redactPersonalData} before it is written, so an ID-card number or a mobile number that reached a log
 *   call anyway (inside an error message, say) comes out as `[ID]` or `[PHONE]`.
 */

/** GB 11643 citizen ID number (18 characters, last a digit or X) standing alone in the text. */
const ID_NUMBER = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
/** The old 15-digit ID number. */
const OLD_ID_NUMBER = /(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])/g;
/** A mainland mobile number, optionally +86 and grouped 3-4-4 with spaces or hyphens. */
const MOBILE = /(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])/g;

/** Replaces ID-card and mobile numbers in `text`. */
export const redactPersonalData = (text: string): string =>
  text.replace(ID_NUMBER, '[ID]').replace(OLD_ID_NUMBER, '[ID]').replace(MOBILE, '[PHONE]');

const redactingReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? redactPersonalData(value) : value;

class PersonalDataSafeLogger extends Logger {
  constructor(options: ConstructorOptions = {}) {
    super({ ...options, jsonReplacerFn: redactingReplacer });
  }

  /** The event holds the request body and the caller's token: it is never logged. */
  public override shouldLogEvent(_overwriteValue?: boolean): boolean {
    return false;
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new PersonalDataSafeLogger(options);
  }
}

export const logger: Logger = new PersonalDataSafeLogger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sgz',
});
