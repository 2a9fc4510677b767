/**
 * `npm run audit:verify [-- --entity <type>/<id>]`: checks the audit hash chains (R29.1) and names the first broken
 * link of each broken chain; exits 1 when one is broken. Against the local runtime's DynamoDB
 * (`DYNAMODB_ENDPOINT`, default http://127.0.0.1:8000, as `npm start` runs it) or, with `--aws`, the tables named
 * by `MAIN_TABLE_NAME` and `AUDIT_TABLE_NAME` with the ambient AWS credentials.
 */
import { parseArgs } from 'node:util';
import { verifyAllChains, verifyEntityChain } from '#shared/application/audit/verify-chains.use-case';

const { values } = parseArgs({
  options: { entity: { type: 'string' }, aws: { type: 'boolean', default: false } },
});
if (!values.aws) {
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
  process.env.AWS_REGION ??= 'cn-north-1';
}

const started = performance.now();
let report: Awaited<ReturnType<typeof verifyAllChains>>;
if (values.entity) {
  const slash = values.entity.indexOf('/');
  if (slash < 1) {
    console.error('--entity 应为 <类型>/<编号>，例如 station/01J…');
    process.exit(2);
  }
  report = await verifyEntityChain(values.entity.slice(0, slash), values.entity.slice(slash + 1));
} else {
  report = await verifyAllChains();
}
const ms = Math.round(performance.now() - started);
console.log(
  `已核验审计链 ${report.chains} 条、记录 ${report.records} 条，断裂 ${report.broken.length} 条（${ms} 毫秒）`,
);
for (const b of report.broken) {
  console.log(`断裂：${b.chain} 第 ${b.seq ?? '-'} 条${b.id ? `（记录 ${b.id}）` : ''}：${b.reason}`);
}
process.exit(report.broken.length > 0 ? 1 : 0);
