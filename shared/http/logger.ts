import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per process. Logs carry the request id and route, never personal data: bodies, tokens,
 * names, ID numbers and phones are not logged.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sgz' });
