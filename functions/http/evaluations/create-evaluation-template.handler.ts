import { createTemplate } from '#shared/application/evaluation/templates.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createEvaluationTemplateRoute } from '#shared/manifest';

export const handler = httpHandler(createEvaluationTemplateRoute, async ({ body, actor }) => ({
  status: 201,
  body: await createTemplate(actor(), {
    name: body.name,
    basis: body.basis,
    parts: body.parts.map((p) => ({
      key: p.key,
      name: p.name,
      indicators: p.indicators.map((i) => ({
        key: i.key,
        name: i.name,
        maxHundredths: i.maxPoints,
        guidance: i.guidance,
      })),
    })),
  }),
}));
