import { describe, expect, it } from 'vitest';
import { matchHeader } from '#shared/domain/imports/import';

const columns = [
  { key: 'streetCode', header: '街道（镇）代码', required: true, note: '', example: '' },
  { key: 'address', header: '地址', required: true, note: '', example: '' },
];

describe("an import's header row", () => {
  it('skips the columns an export adds for the reader (（参考）), so the exported file imports as it is', () => {
    const { positions, issues } = matchHeader(columns, [
      '街道（镇）代码',
      '地址',
      '社工站名称（参考）',
      '状态（参考）',
    ]);
    expect(issues).toEqual([]);
    expect([...positions]).toEqual([
      ['streetCode', 0],
      ['address', 1],
    ]);
  });

  it('still names a column it does not know', () => {
    expect(matchHeader(columns, ['街道（镇）代码', '地址', '社工站名称']).issues).toEqual([
      { row: 1, column: '社工站名称', reason: '无法识别的列「社工站名称」，请使用导入模板的列名' },
    ]);
  });
});
