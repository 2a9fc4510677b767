import { createTemplateWrite, listTemplates } from '#shared/adapters/dynamodb/evaluations.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import { DomainError } from '#shared/domain/errors';
import {
  checkTemplate,
  DEFAULT_TEMPLATE_PARTS,
  type IndicatorTemplate,
  type TemplatePart,
} from '#shared/domain/evaluation/template';

/**
 * The evaluation standard's versions (R16.2). A version is never edited: the city adds the next one, and an
 * evaluation keeps the version it was commissioned with.
 */
export async function templateVersions(): Promise<{
  current?: IndicatorTemplate;
  versions: IndicatorTemplate[];
}> {
  const versions = await listTemplates();
  const current = versions[versions.length - 1];
  return { ...(current ? { current } : {}), versions };
}

export async function currentTemplate(): Promise<IndicatorTemplate> {
  const { current } = await templateVersions();
  if (!current)
    throw new DomainError(
      'NO_EVALUATION_TEMPLATE',
      409,
      '尚无评估指标模板',
      '系统中还没有评估指标模板；请先配置评估指标模板，再委托评估或评分。',
      { rule: 'R16.2' },
    );
  return current;
}

export async function createTemplate(
  actor: Actor,
  input: { name: string; basis: string; parts: readonly TemplatePart[] },
): Promise<IndicatorTemplate> {
  checkTemplate(input.parts);
  const { current } = await templateVersions();
  const version = (current?.version ?? 0) + 1;
  const template: IndicatorTemplate = {
    id: `template-v${version}`,
    version,
    name: input.name,
    basis: input.basis,
    parts: input.parts,
    createdAt: actor.now.toISOString(),
    createdBy: actor.principal.username,
  };
  await commitWithAudit(
    [createTemplateWrite(template)],
    [
      auditRecordOf(actor, {
        action: 'evaluation-template.create',
        entity: { type: 'evaluation-template', id: template.id },
        scope: {},
        after: template,
      }),
    ],
  );
  return template;
}

/** Seeds version 1 with the default parts when there is none (idempotent). */
export async function seedDefaultTemplate(actor: Actor): Promise<boolean> {
  if ((await listTemplates()).length > 0) return false;
  try {
    await createTemplate(actor, {
      name: '济南市街道（镇）社会工作服务站运营评估标准（默认）',
      basis: '《济南市社会工作服务站管理办法（试行）》附件3；分值为系统默认，市民政局可发布新版本',
      parts: DEFAULT_TEMPLATE_PARTS,
    });
    return true;
  } catch (error) {
    if ((error as DomainError).code === 'VERSION_CONFLICT') return false;
    throw error;
  }
}
