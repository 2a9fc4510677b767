import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '#shared/adapters/spreadsheet/rows';
import {
  contractsKind,
  recipientsKind,
  stationsKind,
  volunteersKind,
  workersKind,
} from '#shared/application/imports/kinds';
import { resetClock, setClock } from '#shared/clock';
import { matchHeader } from '#shared/domain/imports/import';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Export to .xlsx over HTTP (issue 19 item 5), through the local runtime (DynamoDB Local, s3rver): each workbook is
 * downloaded from its presigned link and opened with exceljs. Two stations of 历下区 (解放路, 东关) and one of 市中区
 * (大观园), each with an active contract, a worker, recipients and a volunteer. Clock pinned to Monday 2026-12-07.
 */
describe('export to Excel over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  const LIXIA_RECIPIENT = {
    name: '王小芳',
    category: 'left_behind_elderly',
    idNumber: TEST_ID_NUMBERS[1],
    phone: '13800000000',
    address: '历下区解放路 23 号 2 单元 301',
    consent: { givenOn: '2026-12-01', scope: '建档、服务记录', givenBy: 'self', sensitiveDataConsent: true },
  };
  const CHILD = {
    name: '李小明',
    category: 'children_in_difficulty',
    birthDate: '2016-05-01',
    consent: {
      givenOn: '2026-12-01',
      scope: '建档、服务记录',
      givenBy: 'guardian',
      sensitiveDataConsent: true,
      guardian: { name: '李大山', relation: '父亲' },
    },
  };

  async function stationWithContract(
    owner: string,
    operator: string,
    org: string,
    districtCode: string,
    streetCode: string,
    number: string,
  ) {
    const stationId = (
      await api('POST', '/stations', {
        as: owner,
        body: { districtCode, streetCode, address: `${number} 测试地址`, openedOn: '2021-06-01' },
      })
    ).body.id as string;
    const contract = await api('POST', '/contracts', {
      as: owner,
      body: { stationId, ...contractTerms(number, org) },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: owner,
      body: { version: 1, to: 'active' },
    });
    const worker = await api('POST', `/contracts/${contract.body.id}/workers`, {
      as: operator,
      body: {
        name: `${number}社工`,
        qualification: 'assistant',
        idNumber: TEST_ID_NUMBERS[0],
        phone: '13912345678',
        startOn: '2026-01-01',
      },
    });
    expect(worker.status, JSON.stringify(worker.body)).toBe(201);
    return stationId;
  }

  /** Exports, downloads and opens the workbook: its first sheet's rows as plain values, with the answer. */
  async function exported(as: string, body: object) {
    const reply = await api('POST', '/exports', { as, body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const res = await fetch(reply.body.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(reply.body.fileName));
    const bytes = new Uint8Array(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => {
      rows.push(row);
    });
    const values = rows.map((r) => Array.from((r.values as unknown[]).slice(1)));
    return {
      reply: reply.body,
      bytes,
      workbook,
      sheet,
      header: values[0] as string[],
      data: values.slice(1),
    };
  }

  const column = (header: string[], name: string) => {
    const at = header.indexOf(name);
    expect(at, `column ${name} in ${header.join('|')}`).toBeGreaterThanOrEqual(0);
    return at;
  };

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const jiefang = await stationWithContract(
      'lixia.mz',
      'op.a',
      'org-op-a',
      '370102',
      '370102001',
      'EXP-LX-1',
    );
    const dongguan = await stationWithContract(
      'lixia.mz',
      'op.a',
      'org-op-a',
      '370102',
      '370102002',
      'EXP-LX-2',
    );
    const daguanyuan = await stationWithContract(
      'shizhong.mz',
      'op.b',
      'org-op-b',
      '370103',
      '370103002',
      'EXP-SZ-1',
    );
    for (const [station, op, body] of [
      [jiefang, 'op.a', LIXIA_RECIPIENT],
      [jiefang, 'op.a', CHILD],
      [dongguan, 'op.a', { ...LIXIA_RECIPIENT, name: '赵东关', address: '历下区东关大街 1 号' }],
      [daguanyuan, 'op.b', { ...LIXIA_RECIPIENT, name: '孙市中', address: '市中区大观园 9 号' }],
    ] as const) {
      const r = await api('POST', `/stations/${station}/recipients`, { as: op, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    for (const [station, op] of [
      [jiefang, 'op.a'],
      [daguanyuan, 'op.b'],
    ] as const) {
      const v = await api('POST', `/stations/${station}/volunteers`, {
        as: op,
        body: { name: '志愿者甲', skills: ['陪伴'], registeredOn: '2026-06-01', phone: '13700001111' },
      });
      expect(v.status, JSON.stringify(v.body)).toBe(201);
    }
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it("exports a district's stations with the import template's headers, so the file can be imported again", async () => {
    const { reply, header, data, sheet, workbook, bytes } = await exported('lixia.mz', { kind: 'stations' });
    expect(reply).toMatchObject({ kind: 'stations', rows: 2, unmasked: false });
    expect(reply.fileName).toBe('历下区社工站_20261207.xlsx');
    expect(Date.parse(reply.expiresAt) - Date.parse('2026-12-07T02:00:00Z')).toBe(300_000);
    expect(sheet.name).toBe('社工站');
    expect(matchHeader(stationsKind.columns, header).issues).toEqual([]);
    const streets = data.map((r) => r[column(header, '街道（镇）代码')]).sort();
    expect(streets).toEqual(['370102001', '370102002']);
    // A calendar date is a real date cell, shown the Chinese way; the import reads it back as 2021-06-01.
    const opened = sheet.getRow(2).getCell(column(header, '建站日期') + 1);
    expect(opened.value).toEqual(new Date('2021-06-01T00:00:00Z'));
    expect(opened.numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(data[0]?.[column(header, '社工站名称（参考）')]).toMatch(/^历下区.+社会工作服务站$/);
    expect(workbook.getWorksheet('说明')?.getCell('A3').value).toContain('掩码');
    // The import's own reader takes the file as it is: its headers, the date back as YYYY-MM-DD, the 说明 sheet skipped.
    const read: string[][] = [];
    for await (const row of readRows(bytes, 'xlsx')) read.push([...row.cells]);
    expect(read).toHaveLength(3);
    expect(read[1]?.[column(header, '建站日期')]).toBe('2021-06-01');
  });

  it('exports the contracts of the whole city for the city, money in yuan from fen in a number format', async () => {
    const { reply, header, data, sheet } = await exported('city.mz', { kind: 'contracts' });
    expect(reply.rows).toBe(3);
    expect(reply.fileName).toBe('济南市服务合同_20261207.xlsx');
    expect(matchHeader(contractsKind.columns, header).issues).toEqual([]);
    expect(data.map((r) => r[column(header, '合同编号')]).sort()).toEqual([
      'EXP-LX-1',
      'EXP-LX-2',
      'EXP-SZ-1',
    ]);
    const amount = sheet.getRow(2).getCell(column(header, '合同金额（元）') + 1);
    expect(amount.value).toBe(600000);
    expect(amount.numFmt).toBe('#,##0.00');
    expect(sheet.getRow(2).getCell(column(header, '人员劳务费（元）') + 1).value).toBe(450000);
    expect(data[0]?.[column(header, '付款计划')]).toBe('2026-01-15 300000.00；2026-07-15 300000.00');
    expect(data[0]?.[column(header, '状态（参考）')]).toBe('履行中');
  });

  it("exports the district's recipients masked exactly as the register shows them, and nobody of another district", async () => {
    const { reply, header, data } = await exported('lixia.mz', { kind: 'recipients' });
    expect(reply.rows).toBe(3);
    expect(matchHeader(recipientsKind.columns, header).issues).toEqual([]);
    const names = data.map((r) => r[column(header, '姓名')]).sort();
    expect(names).toEqual(['李*明', '王*芳', '赵*关']);
    const wang = data.find((r) => r[column(header, '姓名')] === '王*芳') as unknown[];
    expect(wang[column(header, '身份证号码')]).toBe('3701**********1231');
    expect(wang[column(header, '手机号码')]).toBe('138****0000');
    expect(wang[column(header, '住址')]).toBe('历下区解****');
    expect(wang[column(header, '服务对象类别')]).toBe('留守老人');
    const li = data.find((r) => r[column(header, '姓名')] === '李*明') as unknown[];
    expect(li[column(header, '监护人姓名')]).toBe('李*山');
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/王小芳|李大山|13800000000|370102199001011231|孙市中|孙\*中|大观园/);
  });

  it("gives the street office its own street's recipients only, and refuses the city and other districts", async () => {
    const street = await exported('jiefanglu.jd', { kind: 'recipients' });
    expect(street.reply.rows).toBe(2);
    expect(street.reply.fileName).toBe('历下区解放路街道服务对象_20261207.xlsx');
    expect(street.data.every((r) => r[0] === '370102001')).toBe(true);
    for (const [as, body] of [
      ['city.mz', { kind: 'recipients' }],
      ['city.mz', { kind: 'recipients', districtCode: '370102' }],
      ['shizhong.mz', { kind: 'recipients', districtCode: '370102' }],
      ['shizhong.mz', { kind: 'workers', districtCode: '370102' }],
      ['jiefanglu.jd', { kind: 'recipients', streetCode: '370102002' }],
      ['jiefanglu.jd', { kind: 'stations', districtCode: '370103' }],
      ['lixia.cz', { kind: 'recipients' }],
      ['op.a', { kind: 'stations' }],
    ] as const) {
      const refused = await api('POST', '/exports', { as, body });
      expect(refused.status, `${as} ${JSON.stringify(body)}`).toBe(403);
      expect(JSON.stringify(refused.body)).not.toMatch(/王|赵|downloadUrl/);
    }
  });

  it('exports workers masked for the city and volunteers with the phone masked', async () => {
    const workers = await exported('city.mz', { kind: 'workers' });
    expect(workers.reply.rows).toBe(3);
    expect(matchHeader(workersKind.columns, workers.header).issues).toEqual([]);
    const ids = workers.data.map((r) => r[column(workers.header, '身份证号码')]);
    expect(new Set(ids)).toEqual(new Set(['110105********002X']));
    expect(workers.data.map((r) => r[column(workers.header, '手机号码')])).toContain('139****5678');
    expect(workers.data.map((r) => r[column(workers.header, '职业资格')])).toContain('助理社会工作师');
    const volunteers = await exported('shizhong.mz', { kind: 'volunteers' });
    expect(volunteers.reply.rows).toBe(1);
    expect(matchHeader(volunteersKind.columns, volunteers.header).issues).toEqual([]);
    expect(volunteers.data[0]?.[column(volunteers.header, '手机号码')]).toBe('137****1111');
  });

  it('exports in full only for the district civil affairs bureau, with a reason, audited with every person in the file', async () => {
    const refused = await api('POST', '/exports', {
      as: 'jiefanglu.jd',
      body: { kind: 'recipients', unmasked: true, reason: '核对名册' },
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'EXPORT_UNMASKED_FORBIDDEN' } });
    expect(
      await api('POST', '/exports', {
        as: 'city.mz',
        body: { kind: 'workers', unmasked: true, reason: '核对' },
      }),
    ).toMatchObject({ status: 403, body: { code: 'EXPORT_UNMASKED_FORBIDDEN' } });
    expect(
      await api('POST', '/exports', { as: 'lixia.mz', body: { kind: 'recipients', unmasked: true } }),
    ).toMatchObject({ status: 422, body: { code: 'EXPORT_REASON_REQUIRED' } });
    expect(
      await api('POST', '/exports', {
        as: 'lixia.mz',
        body: { kind: 'volunteers', unmasked: true, reason: '核对' },
      }),
    ).toMatchObject({ status: 422, body: { code: 'EXPORT_UNMASKED_NOT_APPLICABLE' } });

    const full = await exported('lixia.mz', {
      kind: 'recipients',
      streetCode: '370102001',
      unmasked: true,
      reason: '民政部门年度核查困境群体名册',
    });
    expect(full.reply).toMatchObject({ rows: 2, unmasked: true });
    expect(full.reply.fileName).toBe('历下区解放路街道服务对象_20261207_完整信息.xlsx');
    const wang = full.data.find((r) => r[column(full.header, '姓名')] === '王小芳') as unknown[];
    expect(wang[column(full.header, '身份证号码')]).toBe('370102199001011231');
    expect(wang[column(full.header, '手机号码')]).toBe('13800000000');
    expect(wang[column(full.header, '住址')]).toBe('历下区解放路 23 号 2 单元 301');
    expect(full.data.map((r) => r[column(full.header, '监护人姓名')])).toContain('李大山');
    // The views show the birth year only; the full file has the date.
    expect(wang[column(full.header, '出生日期')]).toEqual(new Date('1990-01-01T00:00:00Z'));
    expect(wang[column(full.header, '出生年份（参考）')]).toBe(1990);

    const audit = await api('GET', `/audit?entityType=export&entityId=${full.reply.id}`, { as: 'lixia.mz' });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'export.reveal-personal-data',
      reason: '民政部门年度核查困境群体名册',
      actor: { username: 'lixia.mz' },
      scope: { district: '370102', street: '370102001' },
      after: { kind: 'recipients', rows: 2, unmasked: true, entityType: 'recipient' },
    });
    expect(audit.body.items[0].after.ids).toHaveLength(2);
    expect(audit.body.items[0].after.fields).toEqual(
      expect.arrayContaining(['address', 'guardianName', 'idNumber', 'name', 'phone']),
    );
    expect(JSON.stringify(audit.body)).not.toMatch(/王小芳|13800000000/);
    // Another district reads none of it.
    expect(
      (await api('GET', `/audit?entityType=export&entityId=${full.reply.id}`, { as: 'shizhong.mz' })).status,
    ).toBe(403);

    const workers = await exported('lixia.mz', { kind: 'workers', unmasked: true, reason: '核验社工身份' });
    expect(workers.data.map((r) => r[column(workers.header, '身份证号码')])).toEqual([
      TEST_ID_NUMBERS[0],
      TEST_ID_NUMBERS[0],
    ]);
  });

  it('records a masked export too, by whom and of how many rows', async () => {
    const { reply } = await exported('jiefanglu.jd', { kind: 'volunteers' });
    const audit = await api('GET', `/audit?entityType=export&entityId=${reply.id}`, { as: 'lixia.mz' });
    expect(audit.body.items[0]).toMatchObject({
      action: 'export.create',
      actor: { username: 'jiefanglu.jd' },
      after: { kind: 'volunteers', rows: 1, unmasked: false },
    });
  });
});
