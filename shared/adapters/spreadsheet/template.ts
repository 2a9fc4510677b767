import ExcelJS from 'exceljs';
import type { ImportColumn } from '#shared/domain/imports/import';
import { INSTRUCTIONS_SHEET } from './rows';

/**
 * A kind's import template (.xlsx): the data sheet with the zh-CN headers (required ones marked ＊, every column
 * formatted as text so that ID numbers and codes keep their digits) and one example row, then a 说明 sheet that
 * says what each column takes. The reader skips the 说明 sheet and the ＊ marks.
 */
export async function templateWorkbook(title: string, columns: readonly ImportColumn[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '济南市社会工作服务站管理系统';
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}＊` : c.header,
    key: c.key,
    width: Math.max(14, c.header.length * 2 + 4, c.example.length + 4),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
  const notes = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  notes.columns = [
    { header: '列名', key: 'header', width: 26 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'note', width: 70 },
    { header: '示例', key: 'example', width: 36 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow({ ...c, required: c.required ? '必填' : '选填' });
  notes.addRow({});
  for (const line of [
    `在「${title}」工作表中从第 2 行起每行填写一条记录（示例行请删除或改写）；也可另存为 CSV（UTF-8 或 GBK）上传。`,
    '先选择「试导入」：系统逐行检查并列出每个有问题的行、列和原因，不写入任何数据。',
    '正式导入时，文件中只要有一行有问题，整份文件都不导入；全部通过后分批写入，每批留有审计记录。',
    '同一文件重复上传不会重复导入；已导入的行会被跳过。',
  ])
    notes.addRow({ header: line });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
