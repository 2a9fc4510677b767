import type { ReactNode } from 'react';

/** The public pages by their path: the heading each opens with, and the note under it where it has one. */
export const PUBLIC_INTROS = {
  '/gs': { title: '公众服务' },
  '/gs/stations': {
    title: '社工站名录',
    note: '济南市各街道（镇）运营中的社会工作服务站：标准名称、地址、承接方和本服务年度的重点服务领域。',
  },
  '/gs/publicity': {
    title: '评估结果公示',
    note: '公示期不少于 5 个工作日。对评估结果有异议的，可在公示期内提出，区县民政部门将调查核实并答复。',
  },
  '/gs/funds': { title: '资金信息公开' },
  '/gs/complaints': { title: '投诉与查询' },
} as const satisfies Record<string, { title: string; note?: string }>;

export type PublicPath = keyof typeof PUBLIC_INTROS;

/**
 * A public page's heading and note, in plain HTML: the page draws it, and so does the page's HTML written at build
 * time (prerender.tsx), which the browser paints before the script has run; `children` follow the note.
 */
export function PageIntro({ path, children }: { path: PublicPath; children?: ReactNode }) {
  const intro: { title: string; note?: string } = PUBLIC_INTROS[path];
  return (
    <>
      <h2 className="sgz-page-title">{intro.title}</h2>
      {intro.note && (
        <p className="sgz-page-note">
          {intro.note}
          {children}
        </p>
      )}
    </>
  );
}
