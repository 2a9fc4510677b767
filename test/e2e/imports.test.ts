import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '#infra/local/api-gateway';
import { triggers } from '#shared/manifest';
import { idNumber, runImport, toCsv, WORKER_HEADER } from '#test/helpers/imports';
import { type ApiResponse, apiClient, startTestRuntime } from '#test/helpers/runtime';

/**
 * Bulk import (issue 19 item 4) over HTTP on the local runtime: templates that read back, a dry run that names
 * every bad row and writes nothing, a real run that writes all or (with a bad row) nothing, a re-upload that
 * writes nothing twice, the district's scope per row, and the audit trail.
 */
type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
type Issue = { row: number; column: string; reason: string };

async function xlsxOf(header: string[], rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('社工站');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('bulk import of stations, contracts, workers, service recipients and volunteers', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let run: (
    as: string,
    kind: string,
    mode: 'dry_run' | 'import',
    name: string,
    bytes: Uint8Array,
  ) => Promise<ApiResponse['body']>;
  let lixiaStreets: string[];
  let shizhongStreet: string;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    run = (as, kind, mode, name, bytes) =>
      runImport(api, () => runtime.s3.drain(), as, kind, mode, name, bytes);
    const divisions = (await api('GET', '/divisions')).body as {
      code: string;
      streets: { code: string }[];
    }[];
    lixiaStreets = (divisions.find((d) => d.code === '370102')?.streets ?? []).map((s) => s.code);
    shizhongStreet = divisions.find((d) => d.code === '370103')?.streets[0]?.code as string;
  }, 120_000);
  afterAll(() => runtime?.dispose());

  it('hands out each template as an .xlsx with zh-CN headers, a 说明 sheet and an example row that passes a dry run', async () => {
    for (const kind of ['stations', 'contracts', 'workers', 'recipients', 'volunteers']) {
      const res = await api('GET', `/imports/template?kind=${kind}`, { as: 'lixia.mz' });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(res.body.contentBase64, 'base64') as never);
      const [data, notes] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
      expect(notes?.name).toBe('说明');
      const headers = (data.getRow(1).values as string[]).slice(1);
      expect(headers.map((h) => h.replace('＊', ''))).toEqual(
        res.body.columns.map((c: { header: string }) => c.header),
      );
      expect(data.rowCount).toBe(2);
    }
    const template = await api('GET', '/imports/template?kind=stations', { as: 'lixia.mz' });
    const checked = await run(
      'lixia.mz',
      'stations',
      'dry_run',
      '社工站导入模板.xlsx',
      Buffer.from(template.body.contentBase64, 'base64'),
    );
    expect(checked).toMatchObject({ status: 'validated', totalRows: 1, badRows: 0, issues: [] });
  });

  it('refuses another district’s station row by row, imports nothing from a file with a bad row, then imports the good file once', async () => {
    const header = ['区县代码', '街道（镇）代码', '地址', '重点服务对象'];
    const good = lixiaStreets.map((s, i) => ['370102', s, `历下区测试路 ${i + 1} 号`, '困境儿童；独居老人']);
    const withOther = await xlsxOf(header, [...good, ['370103', shizhongStreet, '市中区某路 1 号', '']]);
    const dry = await run('lixia.mz', 'stations', 'dry_run', '历下区社工站.xlsx', withOther);
    expect(dry.status).toBe('validated');
    expect(dry.issues).toEqual([
      { row: good.length + 2, column: '区县代码', reason: '不在本辖区：只能导入本区县（370102）的社工站' },
    ]);
    const refused = await run('lixia.mz', 'stations', 'import', '历下区社工站.xlsx', withOther);
    expect(refused).toMatchObject({ status: 'rejected', badRows: 1, imported: 0 });
    expect((await api('GET', '/stations?district=370102', { as: 'lixia.mz' })).body.items).toHaveLength(0);

    const file = await xlsxOf(header, good);
    const done = await run('lixia.mz', 'stations', 'import', '历下区社工站.xlsx', file);
    expect(done).toMatchObject({ status: 'completed', imported: good.length, skipped: 0, failed: 0 });
    const stations = (await api('GET', '/stations?district=370102&limit=100', { as: 'lixia.mz' })).body.items;
    expect(stations).toHaveLength(good.length);
    expect(stations[0].standardName).toMatch(/^历下区.+社会工作服务站$/);

    const again = await run('lixia.mz', 'stations', 'import', '历下区社工站（再次）.xlsx', file);
    expect(again).toMatchObject({ status: 'duplicate', duplicateOf: done.id, imported: 0 });
    expect(
      (await api('GET', '/stations?district=370102&limit=100', { as: 'lixia.mz' })).body.items,
    ).toHaveLength(good.length);

    // The audit trail: the import's request, start, batches and completion; each station's own creation, by import.
    const trail = await api('GET', `/audit?entityType=import&entityId=${done.id}`, { as: 'lixia.mz' });
    expect(trail.body.items.map((r: { action: string }) => r.action).sort()).toEqual(
      ['import.batch', 'import.complete', 'import.request', 'import.start'].sort(),
    );
    const station = await api('GET', `/audit?entityType=station&entityId=${stations[0].id}`, {
      as: 'lixia.mz',
    });
    expect(station.body.items[0]).toMatchObject({
      action: 'station.create',
      actor: { username: 'lixia.mz' },
    });
    expect(station.body.items[0].reason).toContain(`批量导入 ${done.id}`);
  });

  it('names all 50 bad rows of a 5,000-row workers file in a dry run and writes nothing; a good file imports once', async () => {
    const stations = (await api('GET', '/stations?district=370102&limit=100', { as: 'lixia.mz' })).body.items;
    const contracts = toCsv([
      [
        '街道（镇）代码',
        '合同编号',
        '承接方机构标识',
        '承接方名称',
        '承接方类型',
        '服务期开始',
        '服务期结束',
        '合同金额（元）',
        '人员劳务费（元）',
        '服务质量保障经费（元）',
        '运营管理费用（元）',
        '社工总人数',
        '付款计划',
      ],
      [
        stations[0].streetCode,
        'IMP-LX-001',
        'org-op-a',
        '承接方 A',
        '社会组织',
        '2026-01-01',
        '2027-12-31',
        '600000.00',
        '450000',
        '100000',
        '50000',
        '4',
        '2026-01-15 300000；2026-07-15 300000',
      ],
      [
        stations[1].streetCode,
        'IMP-LX-002',
        'org-op-a',
        '承接方 A',
        '社会组织',
        '2026-01-01',
        '2027-12-31',
        '600000',
        '450000',
        '100000',
        '50000',
        '4',
        '2026-01-15 600000',
      ],
    ]);
    expect(await run('lixia.mz', 'contracts', 'import', '合同.csv', contracts)).toMatchObject({
      status: 'completed',
      imported: 2,
    });
    const contractId = (await api('GET', '/contracts?district=370102', { as: 'lixia.mz' })).body.items.find(
      (c: { number: string }) => c.number === 'IMP-LX-001',
    ).id;

    const rows: string[][] = [];
    const bad = new Map<number, string>();
    for (let i = 0; i < 5000; i++) {
      const row = ['IMP-LX-001', `社工${i}`, '社会工作师', '', idNumber(i), '13812345678', '2026-01-01', ''];
      const sheetRow = i + 2;
      if (i % 100 === 7) {
        // Five kinds of fault in turn: a wrong check digit, an unknown qualification, a bad date, a contract that
        // does not exist, an ID number already on row 2.
        const kind = ((i / 100) % 5) | 0;
        const faults: [number, string, string][] = [
          [4, `${idNumber(i).slice(0, 17)}${idNumber(i).endsWith('0') ? '1' : '0'}`, '身份证号码'],
          [2, '社工', '职业资格'],
          [6, '2026/13/01', '入职日期'],
          [0, 'NO-SUCH-CONTRACT', '合同编号'],
          [4, idNumber(0), '身份证号码'],
        ];
        const [at, value, column] = faults[kind] as [number, string, string];
        row[at] = value;
        bad.set(sheetRow, column);
      }
      rows.push(row);
    }
    const dry = await run(
      'lixia.mz',
      'workers',
      'dry_run',
      '社工花名册.csv',
      toCsv([WORKER_HEADER, ...rows]),
    );
    expect(dry).toMatchObject({ status: 'validated', totalRows: 5000, badRows: 50 });
    expect(dry.issues.map((i: Issue) => [i.row, i.column])).toEqual([...bad.entries()]);
    for (const issue of dry.issues as Issue[]) expect(issue.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(
      (await api('GET', `/contracts/${contractId}/workers`, { as: 'lixia.mz' })).body.items,
    ).toHaveLength(0);

    const good = toCsv([WORKER_HEADER, ...rows.slice(0, 120).filter((_, i) => !bad.has(i + 2))]);
    const done = await run('op.a', 'workers', 'import', '社工花名册.csv', good);
    expect(done).toMatchObject({ status: 'completed', imported: 118, batches: 3 });
    const roster = (await api('GET', `/contracts/${contractId}/workers`, { as: 'lixia.mz' })).body.items;
    expect(roster).toHaveLength(118);
    expect(roster[0].idNumber).not.toMatch(/^\d{17}[\dX]$/);
    const again = await run('op.a', 'workers', 'import', '社工花名册.csv', good);
    expect(again).toMatchObject({ status: 'duplicate', imported: 0 });
    expect(
      (await api('GET', `/contracts/${contractId}/workers`, { as: 'lixia.mz' })).body.items,
    ).toHaveLength(118);

    // A person the operator put on the roster by hand, and in a file again under another name (R9.1): the dry run
    // names the row as addWorker would refuse it, and the real run writes none of the file.
    const byHand = await api('POST', `/contracts/${contractId}/workers`, {
      as: 'op.a',
      body: { name: '张手录', qualification: 'assistant', idNumber: idNumber(7000), startOn: '2026-03-01' },
    });
    expect(byHand.status).toBe(201);
    const twice = toCsv([
      WORKER_HEADER,
      ['IMP-LX-001', '张另名', '社会工作师', '', idNumber(7000).toLowerCase(), '', '2026-06-01', ''],
      ['IMP-LX-001', '新社工', '社会工作师', '', idNumber(7001), '', '2026-06-01', ''],
    ]);
    const twiceDry = await run('op.a', 'workers', 'dry_run', '补录.csv', twice);
    expect(twiceDry).toMatchObject({ status: 'validated', totalRows: 2, badRows: 1 });
    expect(twiceDry.issues).toEqual([
      {
        row: 2,
        column: '身份证号码',
        reason: expect.stringContaining('此人已在该合同的花名册上（张手录，2026年3月1日到岗，仍在岗）'),
      },
    ]);
    expect(await run('op.a', 'workers', 'import', '补录.csv', twice)).toMatchObject({
      status: 'rejected',
      imported: 0,
    });
    expect(
      (await api('GET', `/contracts/${contractId}/workers`, { as: 'lixia.mz' })).body.items,
    ).toHaveLength(119);
  }, 240_000);

  it('checks each service recipient’s consent and category by row, then imports them sealed and masked; volunteers once', async () => {
    const stations = (await api('GET', '/stations?district=370102&limit=100', { as: 'lixia.mz' })).body.items;
    const contract = (await api('GET', '/contracts?district=370102', { as: 'lixia.mz' })).body.items.find(
      (c: { number: string }) => c.number === 'IMP-LX-001',
    );
    const activated = await api('POST', `/contracts/${contract.id}/status`, {
      as: 'lixia.mz',
      body: { version: contract.version, to: 'active' },
    });
    expect(activated.status).toBe(200);
    const street = stations[0].streetCode as string;
    const header = [
      '街道（镇）代码',
      '姓名',
      '服务对象类别',
      '身份证号码',
      '出生日期',
      '手机号码',
      '住址',
      '同意日期',
      '同意范围',
      '同意人',
      '敏感个人信息单独同意',
      '监护人姓名',
      '监护人关系',
    ];
    const adult = [
      street,
      '王芳',
      '独居老人',
      idNumber(9001),
      '',
      '13812345678',
      '解放路 23 号',
      '2026-01-05',
      '建档、服务记录',
      '本人',
      '是',
      '',
      '',
    ];
    const child = [
      street,
      '李小明',
      '困境儿童',
      '',
      '2020-05-01',
      '',
      '',
      '2026-02-01',
      '建档、服务记录',
      '监护人',
      '是',
      '李强',
      '父亲',
    ];
    const rows = [
      adult,
      [street, '赵小红', '困境儿童', '', '2019-03-01', '', '', '2026-02-01', '建档', '本人', '是', '', ''],
      [street, '孙强', '流浪人员', '', '1960-01-01', '', '', '2026-02-01', '建档', '本人', '是', '', ''],
      [street, '周梅', '残疾人', '', '1980-01-01', '', '', '2026-02-01', '建档', '本人', '否', '', ''],
      [
        stations[2].streetCode,
        '吴刚',
        '低保对象',
        '',
        '1970-01-01',
        '',
        '',
        '2026-02-01',
        '建档',
        '本人',
        '是',
        '',
        '',
      ],
      child,
    ];
    const dry = await run('op.a', 'recipients', 'dry_run', '服务对象.csv', toCsv([header, ...rows]));
    expect(dry).toMatchObject({ status: 'validated', totalRows: 6, badRows: 4 });
    expect(dry.issues.map((i: Issue) => [i.row, i.column])).toEqual([
      [3, '监护人姓名'],
      [4, '服务对象类别'],
      [5, '敏感个人信息单独同意'],
      [6, '街道（镇）代码'],
    ]);
    expect(dry.issues[0].reason).toContain('未满十四周岁');
    expect(dry.issues[3].reason).toContain('没有生效的服务合同');
    expect(JSON.stringify(dry.issues)).not.toContain('body.');
    const refused = await run('op.a', 'recipients', 'import', '服务对象.csv', toCsv([header, ...rows]));
    expect(refused).toMatchObject({ status: 'rejected', badRows: 4, imported: 0 });

    const good = toCsv([header, adult, child]);
    expect(await run('op.a', 'recipients', 'import', '服务对象.csv', good)).toMatchObject({
      status: 'completed',
      imported: 2,
    });
    const register = (await api('GET', `/stations/${stations[0].id}/recipients`, { as: 'lixia.mz' })).body
      .items as { name: string; idNumber?: string; category: string; consent: { givenBy: string } }[];
    expect(register).toHaveLength(2);
    expect(register.map((r) => r.category).sort()).toEqual([
      'children_in_difficulty',
      'elderly_living_alone',
    ]);
    expect(JSON.stringify(register)).not.toContain('王芳');
    expect(JSON.stringify(register)).not.toContain(idNumber(9001));
    expect(register.find((r) => r.category === 'children_in_difficulty')?.consent.givenBy).toBe('guardian');
    expect(await run('op.a', 'recipients', 'import', '服务对象（再次）.csv', good)).toMatchObject({
      status: 'duplicate',
      imported: 0,
    });
    // A person the station already has a file for, registered by hand: the dry run names the row (one file per
    // person and station), as registerRecipient would refuse it.
    const byHand = await api('POST', `/stations/${stations[0].id}/recipients`, {
      as: 'op.a',
      body: {
        name: '钱手录',
        category: 'left_behind_elderly',
        idNumber: idNumber(9100),
        consent: { givenOn: '2026-01-05', scope: '建档', givenBy: 'self', sensitiveDataConsent: true },
      },
    });
    expect(byHand.status).toBe(201);
    const twiceDry = await run(
      'op.a',
      'recipients',
      'dry_run',
      '服务对象（补录）.csv',
      toCsv([
        header,
        [
          street,
          '钱另名',
          '独居老人',
          idNumber(9100),
          '',
          '',
          '',
          '2026-02-01',
          '建档',
          '本人',
          '是',
          '',
          '',
        ],
      ]),
    );
    expect(twiceDry).toMatchObject({ status: 'validated', totalRows: 1, badRows: 1 });
    expect(twiceDry.issues).toEqual([
      {
        row: 2,
        column: '身份证号码',
        reason: expect.stringContaining(`此人已在本站建档（档案编号 ${byHand.body.id}，`),
      },
    ]);
    const forbidden = await api('POST', '/imports', {
      as: 'lixia.mz',
      body: { kind: 'recipients', mode: 'dry_run', fileName: 'a.csv', bytes: 10 },
    });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'IMPORT_KIND_FORBIDDEN' } });

    const volunteers = toCsv([
      ['街道（镇）代码', '姓名', '手机号码', '特长', '登记日期'],
      [street, '李明', '13912345678', '陪伴老人；手工', '2026-03-01'],
      [street, '陈静', '', '', '2026-03-02'],
    ]);
    expect(await run('op.a', 'volunteers', 'import', '志愿者.csv', volunteers)).toMatchObject({
      status: 'completed',
      imported: 2,
    });
    const listed = (await api('GET', `/stations/${stations[0].id}/volunteers`, { as: 'op.a' })).body.items;
    expect(listed.map((v: { name: string }) => v.name).sort()).toEqual(['李明', '陈静'].sort());
    expect(listed.find((v: { name: string }) => v.name === '李明').phone).toBe('139****5678');
    expect(listed.find((v: { name: string }) => v.name === '李明').skills).toEqual(['陪伴老人', '手工']);
  }, 240_000);

  it('lets only importing roles ask, and keeps an import to its own scope', async () => {
    const ticket = await api('POST', '/imports', {
      as: 'lixia.mz',
      body: { kind: 'stations', mode: 'dry_run', fileName: 'a.csv', bytes: 10 },
    });
    expect(ticket.status).toBe(201);
    expect((await api('GET', `/imports/${ticket.body.import.id}`, { as: 'shizhong.mz' })).status).toBe(403);
    const operator = await api('POST', '/imports', {
      as: 'op.a',
      body: { kind: 'stations', mode: 'dry_run', fileName: 'a.csv', bytes: 10 },
    });
    expect(operator).toMatchObject({ status: 403, body: { code: 'IMPORT_KIND_FORBIDDEN' } });
    expect(
      (
        await api('POST', '/imports', {
          as: 'city.mz',
          body: { kind: 'stations', mode: 'dry_run', fileName: 'a.csv', bytes: 10 },
        })
      ).status,
    ).toBe(403);
  });

  it('hands an upload’s event to a receiver instead of the trigger while redirected (the benchmark runs the trigger’s bundle in a process of its own), and to the trigger again after', async () => {
    const header = ['区县代码', '街道（镇）代码', '地址', '重点服务对象'];
    const file = await xlsxOf(header, [['370102', lixiaStreets.at(-1) as string, '历下区转交路 1 号', '']]);
    const handed: { trigger: string; event: unknown }[] = [];
    runtime.s3.redirect((trigger, event) => handed.push({ trigger, event }));
    let waiting: ApiResponse['body'];
    try {
      waiting = await run('lixia.mz', 'stations', 'dry_run', '转交.xlsx', file);
    } finally {
      runtime.s3.redirect(undefined);
    }
    // Nothing in this process took it: the import waits, and the receiver holds the event the trigger would get.
    expect(waiting.status).toBe('awaiting_upload');
    expect(handed).toHaveLength(1);
    expect(handed[0]?.trigger).toBe('process-import');
    const event = handed[0]?.event as { Records: { s3: { object: { key: string } } }[] };
    expect(event.Records[0]?.s3.object.key).toContain(`imports/`);
    const trigger = await loadHandler<(e: unknown, c: unknown) => Promise<unknown>>(
      triggers['process-import'].handler,
    );
    await trigger(event, lambdaContext('process-import', 60_000));
    const checked = await api('GET', `/imports/${waiting.id}`, { as: 'lixia.mz' });
    expect(checked.body.status).toBe('validated');

    const again = await run('lixia.mz', 'stations', 'dry_run', '转交（再次）.xlsx', file);
    expect(again.status).toBe('validated');
    expect(handed).toHaveLength(1);
  });
});
