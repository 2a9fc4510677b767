import { type ImportColumn, INSTRUCTIONS_SHEET } from '#shared/domain/imports/import';
import { xlsxBuffer } from './xlsx-writer';

/**
 * A kind's import template (.xlsx): the data sheet with the zh-CN headers (required ones marked ＊, every column
 * formatted as text so that ID numbers and codes keep their digits) and one example row, then a 说明 sheet that
 * says what each column takes. The reader skips the 说明 sheet and the ＊ marks.
 */
export async function templateWorkbook(title: string, columns: readonly ImportColumn[]): Promise<Buffer> {
  const lines = [
    `在「${title}」工作表中从第 2 行起每行填写一条记录（示例行请删除或改写）；也可另存为 CSV（UTF-8 或 GBK）上传。`,
    '先选择「试导入」：系统逐行检查并列出每个有问题的行、列和原因，不写入任何数据。',
    '正式导入时，文件中只要有一行有问题，整份文件都不导入；全部通过后分批写入，每批留有审计记录。',
    '同一文件重复上传不会重复导入；已导入的行会被跳过。',
  ];
  return xlsxBuffer([
    {
      name: title,
      freezeHeader: true,
      columns: columns.map((c) => ({
        header: c.required ? `${c.header}＊` : c.header,
        width: Math.max(14, c.header.length * 2 + 4, c.example.length + 4),
        format: 'text',
      })),
      rows: [columns.map((c) => c.example)],
    },
    {
      name: INSTRUCTIONS_SHEET,
      columns: [
        { header: '列名', width: 26 },
        { header: '是否必填', width: 10 },
        { header: '填写说明', width: 70 },
        { header: '示例', width: 36 },
      ],
      rows: [
        ...columns.map((c) => [c.header, c.required ? '必填' : '选填', c.note, c.example]),
        [],
        ...lines.map((line) => [line]),
      ],
    },
  ]);
}
