import {
  CommissionBody,
  ContractIdParams,
  CreateTemplateBody,
  EvaluationList,
  EvaluationParams,
  EvaluationTemplateView,
  EvaluationView,
  ListEvaluationsQuery,
  ListObjectionsQuery,
  ObjectionContactView,
  ObjectionDecisionBody,
  ObjectionList,
  ObjectionParams,
  ObjectionView,
  PublicityView,
  ReEvaluationBody,
  ScoresBody,
  ServiceEvidenceView,
  TemplatesView,
  VersionBody,
} from '#shared/contracts/evaluations.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { EVALUATION_READERS, EVERY_ROLE } from '#shared/manifest/readers';

/** Evaluation templates, commissions, scores, confirmation and publication (R16–R18), and objections to publicity. Handlers under functions/http/evaluations/. */

export const listEvaluationTemplatesRoute = {
  method: 'GET',
  path: '/evaluation-templates',
  handler: 'functions/http/evaluations/list-evaluation-templates.handler.ts',
  access: EVERY_ROLE,
  summary: '评估指标模板（附件3）各版本与现行版本（R16.2）',
  tag: 'evaluations',
  response: { status: 200, schema: TemplatesView, description: '模板版本' },
} as const satisfies RouteDefinition;

export const createEvaluationTemplateRoute = {
  method: 'POST',
  path: '/evaluation-templates',
  handler: 'functions/http/evaluations/create-evaluation-template.handler.ts',
  access: ['city_civil_affairs'],
  summary: '发布评估指标模板新版本（R16.2）',
  tag: 'evaluations',
  request: { body: CreateTemplateBody },
  response: { status: 201, schema: EvaluationTemplateView, description: '新版本' },
} as const satisfies RouteDefinition;

export const commissionEvaluationRoute = {
  method: 'POST',
  path: '/contracts/{id}/evaluations',
  handler: 'functions/http/evaluations/commission-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '委托第三方评估合同的一个服务年度（R16.1）',
  tag: 'evaluations',
  request: { params: ContractIdParams, body: CommissionBody },
  response: { status: 201, schema: EvaluationView, description: '已委托' },
} as const satisfies RouteDefinition;

export const listEvaluationsRoute = {
  method: 'GET',
  path: '/evaluations',
  handler: 'functions/http/evaluations/list-evaluations.handler.ts',
  access: EVALUATION_READERS,
  summary: '评估列表（本辖区/受委托）',
  tag: 'evaluations',
  request: { query: ListEvaluationsQuery },
  response: { status: 200, schema: EvaluationList, description: '评估' },
} as const satisfies RouteDefinition;

export const getEvaluationRoute = {
  method: 'GET',
  path: '/evaluations/{id}',
  handler: 'functions/http/evaluations/get-evaluation.handler.ts',
  access: EVALUATION_READERS,
  summary: '评估详情：窗口、各方得分、总分与等级（R17.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams },
  response: { status: 200, schema: EvaluationView, description: '评估' },
} as const satisfies RouteDefinition;

export const getEvaluationServiceEvidenceRoute = {
  method: 'GET',
  path: '/evaluations/{id}/service-evidence',
  handler: 'functions/http/evaluations/get-service-evidence.handler.ts',
  access: EVALUATION_READERS,
  summary: '评估的服务成效证据：被评估服务年度的服务记录、服务时数、结案个案与志愿服务（只读，不计算得分）',
  tag: 'evaluations',
  request: { params: EvaluationParams },
  response: { status: 200, schema: ServiceEvidenceView, description: '服务成效证据' },
} as const satisfies RouteDefinition;

export const putEvaluationScoresRoute = {
  method: 'PUT',
  path: '/evaluations/{id}/scores',
  handler: 'functions/http/evaluations/put-evaluation-scores.handler.ts',
  access: ['third_party', 'district_civil_affairs', 'street_office'],
  summary: '评分：第三方按指标、区县与街道百分制（R16.2、R17.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: ScoresBody },
  response: { status: 200, schema: EvaluationView, description: '评分后的评估' },
} as const satisfies RouteDefinition;

export const confirmEvaluationRoute = {
  method: 'POST',
  path: '/evaluations/{id}/confirmation',
  handler: 'functions/http/evaluations/confirm-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '区县确认评估报告（R18.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: VersionBody },
  response: { status: 200, schema: EvaluationView, description: '已确认' },
} as const satisfies RouteDefinition;

export const reEvaluateEvaluationRoute = {
  method: 'POST',
  path: '/evaluations/{id}/re-evaluation',
  handler: 'functions/http/evaluations/re-evaluate-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary:
    '重新评估：已确认或公示中的评估退回评分，原结果存档，公示撤回、未决质疑随之终结，重新确认后另行公示（R18.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: ReEvaluationBody },
  response: { status: 200, schema: EvaluationView, description: '已退回评分的评估（history 含原结果）' },
} as const satisfies RouteDefinition;

export const publishEvaluationRoute = {
  method: 'POST',
  path: '/evaluations/{id}/publicity',
  handler: 'functions/http/evaluations/publish-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '公示评估结果，不少于 5 个工作日（R18.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: VersionBody },
  response: { status: 201, schema: PublicityView, description: '公示' },
} as const satisfies RouteDefinition;

export const listObjectionsRoute = {
  method: 'GET',
  path: '/objections',
  handler: 'functions/http/evaluations/list-objections.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '公示质疑及处理意见（市民政局可见全部）（R18.1）',
  tag: 'evaluations',
  request: { query: ListObjectionsQuery },
  response: { status: 200, schema: ObjectionList, description: '质疑' },
} as const satisfies RouteDefinition;

export const revealObjectionContactRoute = {
  method: 'POST',
  path: '/objections/{id}/contact',
  handler: 'functions/http/evaluations/reveal-objection-contact.handler.ts',
  access: ['district_civil_affairs'],
  summary: '查看质疑人的联系方式（个人信息：仅处理该质疑的区县民政部门，每次查看记入审计）（R18.1）',
  tag: 'evaluations',
  request: { params: ObjectionParams },
  response: { status: 200, schema: ObjectionContactView, description: '联系方式' },
} as const satisfies RouteDefinition;

export const decideObjectionRoute = {
  method: 'POST',
  path: '/objections/{id}/decision',
  handler: 'functions/http/evaluations/decide-objection.handler.ts',
  access: ['district_civil_affairs'],
  summary: '处理质疑：成立则修正后重新公示，不成立须说明理由；处理意见报市民政局（R18.1）',
  tag: 'evaluations',
  request: { params: ObjectionParams, body: ObjectionDecisionBody },
  response: { status: 200, schema: ObjectionView, description: '已处理' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const evaluationsRoutes = {
  listEvaluationTemplates: listEvaluationTemplatesRoute,
  createEvaluationTemplate: createEvaluationTemplateRoute,
  commissionEvaluation: commissionEvaluationRoute,
  listEvaluations: listEvaluationsRoute,
  getEvaluation: getEvaluationRoute,
  getEvaluationServiceEvidence: getEvaluationServiceEvidenceRoute,
  putEvaluationScores: putEvaluationScoresRoute,
  confirmEvaluation: confirmEvaluationRoute,
  reEvaluateEvaluation: reEvaluateEvaluationRoute,
  publishEvaluation: publishEvaluationRoute,
  listObjections: listObjectionsRoute,
  revealObjectionContact: revealObjectionContactRoute,
  decideObjection: decideObjectionRoute,
} as const satisfies Record<string, RouteDefinition>;
