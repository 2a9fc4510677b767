import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { PublicStationPage, PublicStationSummaryView } from '#shared/contracts/directory.schema';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * The public station directory (社工站名录) over HTTP, without a token: the stations in operation with their standard
 * name (R6.1), operator (R3.1) and the key domains of the current service year (R4.1), filtered by district and
 * street, paged by cursor; the counts per district of Jinan, zero districts included. Clock: 2026-11-25 Asia/Shanghai
 * (service year 1 of a contract starting 2026-01-01).
 *
 *   历下区 370102: 解放路 (active, contract of 阳光 with 养老服务 + 儿童福利), 千佛山 (active, no contract),
 *                  趵突泉 (suspended), 泉城路 (closed)
 *   市中区 370103: 大观园 (active, contract of 鲁心, no domains chosen yet)
 */
describe('the public station directory over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  const ids: Record<string, string> = {};

  const createStation = async (as: string, districtCode: string, streetCode: string, address: string) => {
    const res = await api('POST', '/stations', { as, body: { districtCode, streetCode, address } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  const activeContract = async (
    as: string,
    stationId: string,
    number: string,
    orgId: string,
    name: string,
  ) => {
    const terms = contractTerms(number, orgId);
    const created = await api('POST', '/contracts', {
      as,
      body: { stationId, ...terms, operator: { ...terms.operator, name } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const active = await api('POST', `/contracts/${created.body.id}/status`, {
      as,
      body: { version: 1, to: 'active' },
    });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    return active.body as { id: string; version: number };
  };

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);

    const jiefanglu = await createStation('lixia.mz', '370102', '370102001', '解放路 23 号');
    ids.jiefanglu = jiefanglu.id;
    const contract = await activeContract(
      'lixia.mz',
      jiefanglu.id,
      'LX-DIR-2026',
      'org-op-a',
      '济南市历下区阳光社会工作服务中心',
    );
    const domains = await api('PUT', `/contracts/${contract.id}/service-years/1/key-domains`, {
      as: 'op.a',
      body: { version: contract.version, domains: ['elderly_services', 'child_welfare'] },
    });
    expect(domains.status, JSON.stringify(domains.body)).toBe(200);
    const worker = await api('POST', `/contracts/${contract.id}/workers`, {
      as: 'op.a',
      body: {
        name: '张晓燕',
        qualification: 'intermediate',
        idNumber: TEST_ID_NUMBERS[1],
        phone: '13812345678',
        startOn: '2026-01-01',
      },
    });
    expect(worker.status, JSON.stringify(worker.body)).toBe(201);

    ids.qianfoshan = (await createStation('lixia.mz', '370102', '370102002', '千佛山路 8 号')).id;
    const baotuquan = await createStation('lixia.mz', '370102', '370102003', '趵突泉南路 1 号');
    ids.baotuquan = baotuquan.id;
    const suspended = await api('PATCH', `/stations/${baotuquan.id}`, {
      as: 'lixia.mz',
      body: { version: baotuquan.version, status: 'suspended', reason: '场地整修' },
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    const quanchenglu = await createStation('lixia.mz', '370102', '370102004', '泉城路 100 号');
    ids.quanchenglu = quanchenglu.id;
    const closed = await api('PATCH', `/stations/${quanchenglu.id}`, {
      as: 'lixia.mz',
      body: { version: quanchenglu.version, status: 'closed', reason: '并入解放路街道社工站' },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    const daguanyuan = await createStation('shizhong.mz', '370103', '370103002', '经四路 200 号');
    ids.daguanyuan = daguanyuan.id;
    await activeContract(
      'shizhong.mz',
      daguanyuan.id,
      'SZ-DIR-2026',
      'org-op-b',
      '济南鲁心社会工作服务有限公司',
    );
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('lists the stations in operation to anyone, with their operator and the current year’s key domains', async () => {
    const res = await api('GET', '/public/stations');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([
      ids.jiefanglu,
      ids.qianfoshan,
      ids.daguanyuan,
    ]);
    expect(res.body.items[0]).toEqual({
      id: ids.jiefanglu,
      standardName: '历下区解放路街道社会工作服务站',
      districtCode: '370102',
      districtName: '历下区',
      streetCode: '370102001',
      streetName: '解放路街道',
      address: '解放路 23 号',
      keyTargetGroups: [],
      operator: { name: '济南市历下区阳光社会工作服务中心' },
      serviceYear: { n: 1, start: '2026-01-01', end: '2026-12-31' },
      focusDomains: [
        { code: 'elderly_services', name: '养老服务' },
        { code: 'child_welfare', name: '儿童福利' },
      ],
    });
    // A station without a contract names no operator; a contract whose domains are not chosen shows none.
    expect(res.body.items[1]).not.toHaveProperty('operator');
    expect(res.body.items[1].focusDomains).toEqual([]);
    expect(res.body.items[2]).toMatchObject({
      standardName: '市中区大观园街道社会工作服务站',
      operator: { name: '济南鲁心社会工作服务有限公司' },
      focusDomains: [],
    });
    // The answer is what docs/openapi.json says, field for field.
    expect(PublicStationPage.parse(res.body)).toEqual(res.body);
  });

  it('leaves out suspended and closed stations, whichever filter asks for them', async () => {
    const all = await api('GET', '/public/stations?district=370102');
    const listed = all.body.items.map((s: { id: string }) => s.id);
    expect(listed).toEqual([ids.jiefanglu, ids.qianfoshan]);
    expect(listed).not.toContain(ids.baotuquan);
    expect(listed).not.toContain(ids.quanchenglu);
    expect((await api('GET', '/public/stations?street=370102003')).body).toEqual({ items: [] });
    expect((await api('GET', '/public/stations?district=370102&street=370102004')).body).toEqual({
      items: [],
    });
  });

  it('filters by district and by street within it', async () => {
    const shizhong = await api('GET', '/public/stations?district=370103');
    expect(shizhong.body.items.map((s: { standardName: string }) => s.standardName)).toEqual([
      '市中区大观园街道社会工作服务站',
    ]);
    const street = await api('GET', '/public/stations?district=370102&street=370102001');
    expect(street.body.items.map((s: { id: string }) => s.id)).toEqual([ids.jiefanglu]);
    const none = await api('GET', '/public/stations?district=370112');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [] });
  });

  it('pages with a cursor across districts, each station once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api(
        'GET',
        `/public/stations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual([ids.jiefanglu, ids.qianfoshan, ids.daguanyuan]);
  });

  it('counts the stations in operation in every district of Jinan, those with none as 0', async () => {
    const res = await api('GET', '/public/stations/summary');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.districts).toHaveLength(13);
    const byCode = Object.fromEntries(
      res.body.districts.map((d: { code: string; stations: number }) => [d.code, d.stations]),
    );
    expect(byCode['370102']).toBe(2);
    expect(byCode['370103']).toBe(1);
    expect(res.body.districts.filter((d: { stations: number }) => d.stations === 0)).toHaveLength(11);
    expect(res.body.districts[0]).toEqual({ code: '370102', name: '历下区', stations: 2 });
    expect(res.body.districts.map((d: { name: string }) => d.name)).toContain('莱芜区');
    expect(PublicStationSummaryView.parse(res.body)).toEqual(res.body);
  });

  it('never shows personal data: no worker, no phone, no ID number', async () => {
    const res = await api('GET', '/public/stations?district=370102');
    const text = JSON.stringify(res.body);
    for (const secret of ['张晓燕', '13812345678', TEST_ID_NUMBERS[1], 'org-op-a', 'LX-DIR-2026']) {
      expect(text).not.toContain(secret);
    }
  });

  it.each([
    ['district=3701', 'query.district', '区县代码应为 6 位数字'],
    ['district=370199', 'query.district', '济南市没有这个区县'],
    ['street=37010200', 'query.street', '街道/镇代码应为 9 位数字'],
    ['street=370102999', 'query.street', '济南市没有这个街道（镇）'],
    ['district=370102&street=370103002', 'query.street', '街道（镇）不属于所选区县'],
    ['status=suspended', 'query', undefined],
    ['limit=0', 'query.limit', undefined],
  ])('refuses the bad filter %s with a 400 problem in Chinese', async (query, path, message) => {
    const res = await api('GET', `/public/stations?${query}`);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', title: '请求参数不合法' });
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    const error = res.body.errors.find((e: { path: string }) => e.path === path);
    expect(error, JSON.stringify(res.body.errors)).toBeDefined();
    if (message) expect(error.message).toBe(message);
  });

  it('refuses a cursor that is not one of its own with a 400 problem in Chinese', async () => {
    const res = await api('GET', '/public/stations?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', title: '分页游标无效' });
  });
});
