import { contractPayments } from '#shared/application/funds/payments.use-case';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getContractPayments', async ({ principal, params, now }) => ({
  body: await contractPayments(principal, params.id, shanghaiDate(now)),
}));
