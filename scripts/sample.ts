import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { makeSample, SAMPLE_KINDS, SAMPLES, type SampleFormat, type SampleKind } from './samples/samples';

/**
 * `npm run sample -- <brief|evaluation-report|voucher> [--format pdf|docx] [--out 文件]`: writes a sample document
 * the upload accepts for that kind (issue 18, item 7), by default to `<DATA_DIR>/samples/<kind>.<format>` (DATA_DIR
 * defaults to `.data`, as `npm start`'s). Standard output carries only the file's path, so a shell can take it
 * (`BRIEF=$(npm run -s sample -- brief)`); what was written and how to upload it go to standard error, in Chinese.
 */
const USAGE =
  '用法：npm run sample -- <brief|evaluation-report|voucher> [--format pdf|docx] [--out 文件]\n' +
  '  brief              月度工作简报（PDF 或 DOCX，含模板要求的四个标题）\n' +
  '  evaluation-report  第三方评估报告（PDF 或 DOCX，含模板要求的五个标题）\n' +
  '  voucher            支出记账凭证（PDF）';

const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};

const args = process.argv.slice(2);
const kind = args[0];
if (!kind || !(SAMPLE_KINDS as readonly string[]).includes(kind)) {
  fail(kind ? `没有示例文档 ${kind}。` : '请指定示例文档的种类。');
}
const spec = SAMPLES[kind as SampleKind];
let format: SampleFormat = 'pdf';
let out: string | undefined;
for (let i = 1; i < args.length; i++) {
  const [flag, value] = [args[i], args[i + 1]];
  if (flag === '--format' && (value === 'pdf' || value === 'docx')) format = value;
  else if (flag === '--out' && value) out = value;
  else fail(`无法识别的参数：${args.slice(i).join(' ')}`);
  i++;
}
if (!spec.formats.includes(format)) {
  fail(
    `${spec.name}只能是 ${spec.formats.map((f) => f.toUpperCase()).join('、')} 格式（上传只接受这些格式）。`,
  );
}

const file = resolve(out ?? resolve(process.env.DATA_DIR ?? '.data', 'samples', `${kind}.${format}`));
const bytes = await makeSample(kind as SampleKind, format);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, bytes);

const contentType =
  format === 'pdf'
    ? 'application/pdf'
    : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const shown = relative(process.cwd(), file);
console.error(
  `已生成示例${spec.name}（${format.toUpperCase()}，${bytes.byteLength} 字节）：${shown.startsWith('..') ? file : shown}\n` +
    `上传方法：${spec.upload}\n` +
    `申请上传地址时填写 contentType ${contentType}、bytes ${bytes.byteLength}。`,
);
console.log(file);
