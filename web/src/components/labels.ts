import type { components } from '../services/api';
/** The zh-CN names of the API's enumerations, for display only (the API decides every status). */
export const STATION_STATUS: Record<string, string> = {
  active: '运营中',
  suspended: '暂停运营',
  closed: '已关闭',
};
export const CONTRACT_STATUS: Record<string, string> = {
  draft: '草拟',
  active: '履行中',
  completed: '已完成',
  terminated: '已终止',
};
export const REPORT_STATUS: Record<string, string> = {
  open: '待提交',
  submitted: '已提交',
  accepted: '已通过',
  returned: '已退回',
  cancelled: '已取消',
};
export const REPORT_KIND: Record<string, string> = {
  monthly_brief: '月度简报',
  midterm: '中期报告',
  final: '结项报告',
  annual_district: '区县年度报告',
  evaluation_report: '评估报告',
};
export const COMPLAINT_STATUS: Record<string, string> = {
  received: '已收到，待受理',
  acknowledged: '已受理，办理中',
  closed: '已办结',
};
export const PUBLICITY_STATUS: Record<string, string> = {
  open: '公示中',
  closed: '公示结束',
  withdrawn: '已撤回',
};
export const GRADE_COLOR: Record<string, string> = {
  excellent: 'green',
  good: 'blue',
  qualified: 'gold',
  unqualified: 'red',
};
export const EVALUATION_STATUS: Record<string, string> = {
  commissioned: '已委托，待评分',
  scoring: '评分中',
  scored: '评分完成，待确认',
  confirmed: '已确认，待公示',
  in_publicity: '公示中',
  final: '结果已生效',
};
/** 优秀 / 良好 / 合格 / 不合格 (R17.1): the name of the grade the API gave. */
export const GRADE_NAME: Record<string, string> = {
  excellent: '优秀',
  good: '良好',
  qualified: '合格',
  unqualified: '不合格',
};
export const OBJECTION_STATUS: Record<string, string> = {
  open: '待处理',
  upheld: '异议成立',
  rejected: '异议不成立',
  superseded: '因重新评估终结',
};
/** R4.1 service domains (附件1), by the API's ids: also the task book's categories of service. */
export const SERVICE_DOMAIN: Record<string, string> = {
  social_assistance: '社会救助',
  elderly_services: '养老服务',
  community_governance: '城乡社区治理',
  child_welfare: '儿童福利',
  social_affairs: '社会事务',
  talent_development: '社工人才队伍建设',
};
/** A social worker's professional qualification (R9.1). */
export const QUALIFICATION: Record<string, string> = {
  none: '无职业资格',
  assistant: '助理社会工作师',
  intermediate: '社会工作师',
  senior: '高级社会工作师',
};
/** R23.1: the three cost categories of a contract and of its dedicated ledger. */
export const LEDGER_CATEGORY: Record<string, string> = {
  labour: '人员劳务费',
  quality_assurance: '服务质量保障经费',
  operator_management: '承接方运营管理费用',
};
/** The parties who confirm a needs survey or a task book (R9.2). */
export const CONFIRMING_PARTY: Record<string, string> = {
  operator: '承接方',
  street_office: '街道办事处',
};
/** The parties of a coordination meeting (R8.2). */
export const MEETING_PARTY: Record<string, string> = {
  district: '区县民政部门',
  street: '街道办事处',
  station: '社工站',
};
/** A recipient's review of a report version (R9.3). */
export const REVIEW_DECISION: Record<string, string> = {
  accept: '验收通过',
  return: '退回修改',
};
/** The API's validation of an uploaded report file (R9.4). */
export const SUBMISSION_OUTCOME: Record<string, string> = {
  passed: '校验通过',
  failed: '校验未通过',
};
/** Issue 19: the kinds of service record. */
export const SERVICE_KIND: Record<components['schemas']['ServiceRecord']['kind'], string> = {
  'visit-home': '家访',
  'visit-phone': '电访',
  'group-session': '小组活动',
  'community-activity': '社区活动',
  'case-intervention': '个案服务',
};
