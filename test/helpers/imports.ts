import type { ApiResponse } from '#test/helpers/runtime';

/** Files and uploads for the bulk-import tests and benchmark. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The n-th of a series of valid ID-card numbers (GB 11643 check digit), distinct for n < 3,650,000. */
export function idNumber(n: number): string {
  const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const birth = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
  const body = `370102${birth}${String(n % 1000).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return `${body}${ID_CHECK[sum % 11]}`;
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** RFC 4180 CSV (UTF-8 with a BOM, as Excel writes 「CSV UTF-8」). */
export const toCsv = (rows: readonly (readonly string[])[]): Uint8Array =>
  new TextEncoder().encode(`\ufeff${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`);

export const WORKER_HEADER = [
  '合同编号',
  '姓名',
  '职业资格',
  '证书编号',
  '身份证号码',
  '手机号码',
  '入职日期',
  '离职日期',
];

type Api = (method: string, path: string, options?: { as?: string; body?: unknown }) => Promise<ApiResponse>;

/** Opens an import, PUTs the file to its presigned URL, waits for the trigger; returns the import as read back. */
export async function runImport(
  api: Api,
  drain: () => Promise<void>,
  as: string,
  kind: string,
  mode: 'dry_run' | 'import',
  fileName: string,
  bytes: Uint8Array,
): Promise<ApiResponse['body']> {
  const ticket = await api('POST', '/imports', {
    as,
    body: { kind, mode, fileName, bytes: bytes.byteLength },
  });
  if (ticket.status !== 201) throw new Error(`imports ${ticket.status}: ${JSON.stringify(ticket.body)}`);
  const put = await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body: bytes });
  if (!put.ok) throw new Error(`PUT ${put.status}: ${await put.text()}`);
  await drain();
  const read = await api('GET', `/imports/${ticket.body.import.id}`, { as });
  if (read.status !== 200) throw new Error(`GET import ${read.status}: ${JSON.stringify(read.body)}`);
  return read.body;
}
