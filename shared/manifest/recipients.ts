import {
  CreateRecipientBody,
  ListRecipientsQuery,
  MarkRecipientDeletionBody,
  RecipientPage,
  RecipientParams,
  RecipientPersonalDataView,
  RecipientView,
  RevealRecipientBody,
  StationRecipientsParams,
  UpdateRecipientBody,
} from '#shared/contracts/recipients.schema';
import type { Role } from '#shared/domain/access/roles';
import type { RouteDefinition } from '#shared/manifest/definitions';

/**
 * The service recipients' register (服务对象建档, issue 19 item 1). Handlers under functions/http/recipients/.
 * Who reads what (besides the route's roles, the use case checks the record's scope):
 * - the operator running the station's contract in force: registers, updates, reads, reveals, marks for deletion;
 * - the district civil affairs bureau of the station's district (purchaser and supervisor): reads, reveals, marks;
 * - the street office of the station's street: reads masked only;
 * - nobody else (the city reads no individual's file: minimum necessary, PIPL Art. 6).
 */
const RECIPIENT_READERS: readonly Role[] = ['district_civil_affairs', 'street_office', 'operator'];

export const registerRecipientRoute = {
  method: 'POST',
  path: '/stations/{id}/recipients',
  handler: 'functions/http/recipients/register-recipient.handler.ts',
  access: ['operator'],
  summary: '服务对象建档：类别、需求评估、同意记录（敏感个人信息单独同意；未满十四周岁须监护人同意）',
  tag: 'recipients',
  request: { params: StationRecipientsParams, body: CreateRecipientBody },
  response: { status: 201, schema: RecipientView, description: '已建档（个人信息掩码）' },
} as const satisfies RouteDefinition;

export const listRecipientsRoute = {
  method: 'GET',
  path: '/stations/{id}/recipients',
  handler: 'functions/http/recipients/list-recipients.handler.ts',
  access: RECIPIENT_READERS,
  summary: '社工站服务对象名册（个人信息掩码）',
  tag: 'recipients',
  request: { params: StationRecipientsParams, query: ListRecipientsQuery },
  response: { status: 200, schema: RecipientPage, description: '一页服务对象' },
} as const satisfies RouteDefinition;

export const getRecipientRoute = {
  method: 'GET',
  path: '/recipients/{id}',
  handler: 'functions/http/recipients/get-recipient.handler.ts',
  access: RECIPIENT_READERS,
  summary: '服务对象档案（个人信息掩码）',
  tag: 'recipients',
  request: { params: RecipientParams },
  response: { status: 200, schema: RecipientView, description: '服务对象' },
} as const satisfies RouteDefinition;

export const updateRecipientRoute = {
  method: 'PUT',
  path: '/recipients/{id}',
  handler: 'functions/http/recipients/update-recipient.handler.ts',
  access: ['operator'],
  summary: '更新服务对象档案：需求评估、同意记录、类别、电话或住址（带 version）',
  tag: 'recipients',
  request: { params: RecipientParams, body: UpdateRecipientBody },
  response: { status: 200, schema: RecipientView, description: '已更新' },
} as const satisfies RouteDefinition;

export const revealRecipientRoute = {
  method: 'POST',
  path: '/recipients/{id}/personal-data',
  handler: 'functions/http/recipients/reveal-recipient.handler.ts',
  access: ['operator', 'district_civil_affairs'],
  summary:
    '查看服务对象完整个人信息（须填写理由；仅运营该站现行合同的承接方与所在区县民政部门，每次查看记入审计）',
  tag: 'recipients',
  request: { params: RecipientParams, body: RevealRecipientBody },
  response: {
    status: 200,
    schema: RecipientPersonalDataView,
    description: '含完整姓名、身份证号、电话、住址',
  },
} as const satisfies RouteDefinition;

export const markRecipientDeletionRoute = {
  method: 'POST',
  path: '/recipients/{id}/deletion',
  handler: 'functions/http/recipients/mark-recipient-deletion.handler.ts',
  access: ['operator', 'district_civil_affairs'],
  summary: '标记删除服务对象档案：保存期满（R10.1）后由定时任务匿名化',
  tag: 'recipients',
  request: { params: RecipientParams, body: MarkRecipientDeletionBody },
  response: { status: 200, schema: RecipientView, description: '已标记删除' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const recipientsRoutes = {
  registerRecipient: registerRecipientRoute,
  listRecipients: listRecipientsRoute,
  getRecipient: getRecipientRoute,
  updateRecipient: updateRecipientRoute,
  revealRecipient: revealRecipientRoute,
  markRecipientDeletion: markRecipientDeletionRoute,
} as const satisfies Record<string, RouteDefinition>;
