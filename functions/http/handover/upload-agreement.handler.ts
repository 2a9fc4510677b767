import { agreementUpload } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('uploadHandoverAgreement', async ({ params, body, actor }) => ({
  status: 201,
  body: await agreementUpload(actor(), params.id, body),
}));
