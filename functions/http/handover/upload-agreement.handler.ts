import { agreementUpload } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { uploadHandoverAgreementRoute } from '#shared/manifest';

export const handler = httpHandler(uploadHandoverAgreementRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await agreementUpload(actor(), params.id, body),
}));
