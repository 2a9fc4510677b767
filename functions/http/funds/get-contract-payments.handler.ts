import { contractPayments } from '#shared/application/funds/payments.use-case';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { httpHandler } from '#shared/http/http-handler';
import { getContractPaymentsRoute } from '#shared/manifest';

export const handler = httpHandler(getContractPaymentsRoute, async ({ principal, params, now }) => ({
  body: await contractPayments(principal, params.id, shanghaiDate(now)),
}));
