import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { makeDocx, makeEmbeddedPdf } from '#shared/documents/chinese-documents';
import { DEFAULT_REPORT_TEMPLATES } from '#shared/domain/policy/policy';
import { type BriefDraftInput, composeBriefDraft } from '#shared/domain/reports/brief-draft';
import { checkReportDocument, DEFAULT_DOCUMENT_LIMITS } from '#shared/domain/reports/document-check';

/**
 * Issue 19 item 3: the monthly brief's draft from a month's records, without a database: the template's headings in
 * order with the figures under them (hours from integer minutes, one decimal), nobody named but the staff, and the
 * rendered DOCX and PDF passing the upload check of R9.4 as they are.
 */
const HEADINGS = DEFAULT_REPORT_TEMPLATES.monthly_brief;
const record = (
  kind: BriefDraftInput['records'][number]['kind'],
  date: string,
  title: string,
  minutes: number,
  workerIds: string[],
  recipientIds: string[],
  extra: { headcount?: number; status?: 'recorded' | 'void' } = {},
) => ({
  kind,
  date,
  title,
  minutes,
  workerIds,
  recipientIds,
  status: extra.status ?? ('recorded' as const),
  ...(extra.headcount !== undefined ? { headcount: extra.headcount } : {}),
});
const input: BriefDraftInput = {
  title: '2026年12月 月度工作简报',
  stationName: '历下区解放路街道社会工作服务站',
  operatorName: '承接方 A',
  period: { start: '2026-12-01', end: '2026-12-31' },
  headings: HEADINGS,
  records: [
    record('visit-home', '2026-12-03', '独居老人探访', 90, ['w1', 'w2'], ['r1']),
    record('group-session', '2026-12-04', '手工小组第一节', 120, ['w1'], ['r1', 'r2']),
    record('community-activity', '2026-12-05', '社区义诊', 180, ['w2'], ['r2'], { headcount: 40 }),
    record('community-activity', '2026-12-06', '重阳敬老茶话会', 100, ['w1'], [], { headcount: 25 }),
    record('visit-phone', '2026-12-06', '电话回访', 50, ['w1'], ['r3'], { status: 'void' }),
  ],
  cases: [
    { openedOn: '2026-11-20' },
    { openedOn: '2026-12-02' },
    { openedOn: '2026-11-02', closing: { on: '2026-12-10', outcome: 'achieved', summary: '—' } },
  ],
  volunteerHours: [
    { volunteerId: 'v1', minutes: 100 },
    { volunteerId: 'v1', minutes: 45 },
    { volunteerId: 'v2', minutes: 60 },
  ],
  supervision: [{ workerIds: ['w1', 'w2'], minutes: 90 }],
  workerNames: new Map([
    ['w1', '张社工'],
    ['w2', '李社工'],
  ]),
};

describe('monthly brief draft', () => {
  it('puts the template headings in order, the services under 本月服务开展情况 and the cases under 服务成效', () => {
    const { lines } = composeBriefDraft(input);
    const headings = lines.filter((l) => l.heading).map((l) => l.text);
    expect(headings).toEqual([...HEADINGS]);
    const under = (heading: string) => {
      const at = lines.findIndex((l) => l.heading && l.text === heading);
      const next = lines.findIndex((l, i) => i > at && l.heading);
      return lines.slice(at + 1, next < 0 ? undefined : next).map((l) => l.text);
    };
    expect(under('本月服务开展情况')).toEqual(
      expect.arrayContaining([
        '本月共开展服务 4 次，服务时长合计 8.2 小时（490 分钟），服务对象 2 人（按建档编号计，不重复）。',
        '其中：家访 1 次，电访 0 次，小组活动 1 次，社区活动 2 次（参与 65 人次），个案干预 0 次。',
        '张社工：服务 3 次，5.2 小时',
        '李社工：服务 2 次，4.5 小时',
        '本站合计：8.2 小时。',
        '另有作废记录 1 条，未计入。',
        '督导：本月 1 次，共 1.5 小时。',
        '志愿服务：志愿者 2 人参与 3 次，共 3.4 小时。',
      ]),
    );
    expect(under('服务成效')).toEqual([
      '个案：本月新接案 1 个，结案 1 个（目标达成 1 个），月末在案 2 个。',
      '本月重点活动：',
      '12月5日社区活动「社区义诊」：参与 40 人，历时 3.0 小时',
      '12月6日社区活动「重阳敬老茶话会」：参与 25 人，历时 1.7 小时',
      '12月4日小组活动「手工小组第一节」：出席 2 人，历时 2.0 小时',
    ]);
    expect(under('存在问题')).toEqual(['（请根据本月情况填写存在的问题。）']);
    expect(under('下月工作计划')).toEqual(['（请填写下月工作计划。）']);
  });

  it('computes the figures from minutes in integers: 490 minutes are "8.2" hours, 145 + 60 volunteer minutes "3.4"', () => {
    const { figures } = composeBriefDraft(input);
    expect(figures).toMatchObject({
      records: 4,
      voidRecords: 1,
      minutes: 490,
      hours: '8.2',
      distinctRecipients: 2,
      communityHeadcount: 65,
      volunteers: { volunteers: 2, entries: 3, minutes: 205, hours: '3.4' },
      cases: {
        opened: 1,
        closed: 1,
        openAtEnd: 2,
        outcomes: { achieved: 1, partly_achieved: 0, not_achieved: 0 },
      },
    });
    expect(figures.workers).toEqual([
      { workerId: 'w1', name: '张社工', records: 3, minutes: 310, hours: '5.2' },
      { workerId: 'w2', name: '李社工', records: 2, minutes: 270, hours: '4.5' },
    ]);
  });

  it('still places every figure once under a template the city edited', () => {
    const { lines } = composeBriefDraft({ ...input, headings: ['工作概况', '下一步打算'] });
    const text = lines.map((l) => l.text);
    expect(text.filter((t) => t.startsWith('本月共开展服务'))).toHaveLength(1);
    expect(text.filter((t) => t.startsWith('个案：'))).toHaveLength(1);
    expect(text.indexOf('工作概况')).toBeLessThan(text.indexOf('下一步打算'));
    expect(text[text.indexOf('下一步打算') + 1]).toBe('（请填写下月工作计划。）');
  });

  it('says so when the month has no records', () => {
    const { lines } = composeBriefDraft({
      ...input,
      records: [],
      cases: [],
      volunteerHours: [],
      supervision: [],
    });
    expect(lines.map((l) => l.text)).toContain('本月暂无有效服务记录。');
  });

  it('renders a DOCX and a PDF that the upload check passes as they are, the headings in order in the PDF text', async () => {
    const { lines } = composeBriefDraft(input);
    const limits = { ...DEFAULT_DOCUMENT_LIMITS, maxBytes: 20 * 1024 * 1024 };
    const docx = await checkReportDocument(await makeDocx(lines), HEADINGS, limits);
    expect(docx).toMatchObject({ ok: true, format: 'docx' });
    const pdfBytes = await makeEmbeddedPdf(lines);
    const pdf = await checkReportDocument(pdfBytes, HEADINGS, limits);
    expect(pdf).toMatchObject({ ok: true, format: 'pdf' });
    const { text } = await extractText(pdfBytes.slice(), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    const positions = HEADINGS.map((h) => flat.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(flat).toContain('本站合计：8.2小时。');
  });
});
