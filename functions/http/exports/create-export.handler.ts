import { createExport } from '#shared/application/exports/exports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createExportRoute } from '#shared/manifest';

/** The register as .xlsx, masked unless the district asks for it in full with a reason (audited). */
export const handler = httpHandler(createExportRoute, async ({ body, actor }) => ({
  status: 201,
  body: await createExport(actor(), body),
}));
