import { DEFAULT_POLICY_PARAMETERS, reportTemplate } from '#shared/domain/policy/policy';
import { makeDocx, makePdf, type PdfLine } from './documents';

/**
 * The sample documents of `npm run sample` (issue 18, item 7): what a user uploads in the README's walkthroughs. A
 * report sample carries the required headings of its kind from the regulation's policy (R9.4, the same template
 * the upload trigger checks against) with a few lines of plausible text under each; the voucher is a 记账凭证 of
 * the ledger entry the funds walkthrough records (2 月人员工资, 50,000.00 元).
 */
export const SAMPLE_KINDS = ['brief', 'evaluation-report', 'voucher'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];
export type SampleFormat = 'pdf' | 'docx';

export interface SampleSpec {
  /** What the sample is, in Chinese. */
  readonly name: string;
  /** The formats the upload accepts for it: reports PDF or DOCX (R9.4), vouchers PDF, JPEG or PNG (R27.1). */
  readonly formats: readonly SampleFormat[];
  /** The report kind whose template headings the sample carries, for a report. */
  readonly reportKind?: 'monthly_brief' | 'evaluation_report';
  /** How to upload it, in Chinese. */
  readonly upload: string;
}

export const SAMPLES: Record<SampleKind, SampleSpec> = {
  brief: {
    name: '月度工作简报',
    formats: ['pdf', 'docx'],
    reportKind: 'monthly_brief',
    upload:
      '承接方（如 op.a）先 POST /reports/{报告编号}/upload-url 取得上传地址（报告编号如 <合同编号>-M202610），' +
      '再把文件 PUT 到返回的 url（带上返回的 headers）；系统自动校验，结果见 GET /reports/{报告编号}。' +
      '也可在门户「我的合同」→ 合同页 → 报告中上传。',
  },
  'evaluation-report': {
    name: '第三方评估报告',
    formats: ['pdf', 'docx'],
    reportKind: 'evaluation_report',
    upload:
      '第三方评估机构（如 tp.a）先 POST /reports/EVAL-{评估编号}/upload-url 取得上传地址，' +
      '再把文件 PUT 到返回的 url（带上返回的 headers）；系统自动校验，结果见 GET /reports/EVAL-{评估编号}。' +
      '也可在门户「评估」页上传。',
  },
  voucher: {
    name: '支出记账凭证',
    formats: ['pdf'],
    upload:
      '承接方先 POST /contracts/{合同编号}/ledger/voucher-url 取得上传地址（contentType application/pdf），' +
      '把文件 PUT 到返回的 url，再 POST /contracts/{合同编号}/ledger 记账，voucherKey 填返回的 key。' +
      '也可在门户「我的合同」→ 合同页 → 专项台账中上传。',
  },
};

/** A few lines under each heading a template may name; a heading the city adds gets a generic line. */
const SECTION_TEXT: Record<string, readonly string[]> = {
  本月服务开展情况: [
    '本月开展个案服务 12 个、小组活动 4 次、社区活动 3 场，服务居民 326 人次。',
    '重点开展困境儿童照护服务，入户走访 28 户，新建服务档案 15 份；协助街道完成高龄老人探访 46 人次。',
  ],
  服务成效: ['困境儿童照护需求全部建档跟进，8 户家庭链接到社区托管资源；居民满意度回访 30 户，满意 29 户。'],
  存在问题: ['专业社工 4 人中中级 1 人，个案督导力量不足；部分活动场地与社区共用，时间安排受限。'],
  下月工作计划: ['开展困境儿童暑期成长小组 2 期；完成 11 月需求回访；参加区民政局组织的个案督导 2 次。'],
  评估概况: [
    '受历下区民政局委托，第三方评估机构 A 于 2026 年 12 月对历下区解放路街道社会工作服务站第 1 服务年度进行评估。',
    '评估依据《济南市社会工作服务站管理办法（试行）》及附件 3 评估指标体系。',
  ],
  评估方法: ['采用资料查阅、实地查看、服务对象访谈（抽样 30 人）、工作人员座谈相结合的方法。'],
  评估结果: [
    '第三方评估得分 85.67 分；按第三方 60%、区民政 30%、街道 10% 加权，综合得分 86.31 分，等级为良好。',
  ],
  改进建议: ['加强中级社工配备和个案督导；完善服务档案归档；拓展社区资源链接。'],
};

const paragraphsOf = (headings: readonly string[]): PdfLine[] =>
  headings.flatMap((heading) => [
    { text: heading, heading: true },
    ...(SECTION_TEXT[heading] ?? ['本部分按合同约定的服务内容和评估要求如实填写。']).map((text) => ({
      text,
    })),
  ]);

/** The lines of a sample, its title first. */
export function sampleLines(kind: SampleKind): PdfLine[] {
  if (kind === 'voucher') {
    return [
      { text: '记账凭证' },
      { text: '单位：承接方 A（历下区解放路街道社会工作服务站项目专账）' },
      { text: '凭证号：记-2026-02-001　　日期：2026 年 2 月 1 日　　附单据 3 张' },
      { text: '摘要：2 月人员工资' },
      { text: '借方科目：项目支出—人员经费（劳务费）　　金额：50,000.00 元' },
      { text: '贷方科目：银行存款—项目专户　　金额：50,000.00 元' },
      { text: '合计：人民币伍万元整（¥50,000.00）' },
      { text: '制单：李明　　审核：王芳　　记账：李明　　出纳：赵静' },
    ];
  }
  const spec = SAMPLES[kind];
  const headings = reportTemplate(DEFAULT_POLICY_PARAMETERS, spec.reportKind ?? 'monthly_brief');
  const title =
    kind === 'brief'
      ? '历下区解放路街道社会工作服务站 2026 年 10 月工作简报'
      : '历下区解放路街道社会工作服务站第 1 服务年度第三方评估报告';
  return [{ text: title }, ...paragraphsOf(headings)];
}

/** The sample's bytes; a format the upload does not accept for that kind throws. */
export async function makeSample(kind: SampleKind, format: SampleFormat = 'pdf'): Promise<Uint8Array> {
  if (!SAMPLES[kind].formats.includes(format)) {
    throw new Error(`${SAMPLES[kind].name}只提供 ${SAMPLES[kind].formats.join('、')} 格式`);
  }
  const lines = sampleLines(kind);
  return format === 'pdf' ? makePdf(lines, { encoding: 'embedded' }) : makeDocx(lines);
}
