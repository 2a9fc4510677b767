import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';
import { isValidIdNumber } from '#shared/domain/contracts/roster';
import { contractTerms } from '#test/helpers/contracts';
import { apiClient } from '#test/helpers/runtime';

/**
 * PIPL "never in logs", end to end: `npm start`'s entry point runs in a child process with every log captured at
 * DEBUG (and POWERTOOLS_LOGGER_LOG_EVENT=true, which must not make the logger print request events); the test
 * takes and returns roster and complaint personal data through every route that handles it, including refused and
 * malformed requests, then searches all the child wrote for the seeded ID-card numbers, phones and name, in full
 * and in their common partial forms: nothing. The raw DynamoDB items (scanned with the SDK) and every file of the
 * data directory hold none of them either.
 */
const root = new URL('../../', import.meta.url).pathname;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A GB 11643 number from its first 17 digits: the ISO 7064 MOD 11-2 check character appended. */
const withCheck = (first17: string) =>
  `${first17}${'10X98765432'[WEIGHTS.reduce((sum, w, i) => sum + w * Number(first17[i]), 0) % 11]}`;

const ID_A = withCheck('37010219880715351');
const ID_B = withCheck('37010219920322452');
const PHONE_A = '13912873465';
const PHONE_B = '15067341928';
const FILER_NAME = '欧阳测试';
const FILER_PHONE = '18645092731';

/** The forms a value would take in a careless log line. */
const idForms = (id: string) => [
  id,
  id.toLowerCase(),
  id.slice(0, 17), // without the check character
  id.slice(0, 14), // region and birth date
  id.slice(6), // birth date, sequence and check
  `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
  `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
];
const phoneForms = (phone: string) => [
  phone,
  `+86${phone}`,
  `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
  `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
  phone.slice(3), // the last eight digits
  phone.slice(0, 7), // the first seven
];
const FORMS = [
  ...idForms(ID_A),
  ...idForms(ID_B),
  ...phoneForms(PHONE_A),
  ...phoneForms(PHONE_B),
  ...phoneForms(FILER_PHONE),
  FILER_NAME,
];
/** Each form found in `text`, to report what leaked where. */
const leaks = (text: string) => FORMS.filter((form) => text.includes(form));

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

describe('personal data in logs and at rest (PIPL)', () => {
  let child: ChildProcess;
  let exited: Promise<number | null>;
  const captured = { stdout: '', stderr: '' };
  let dataDir: string;
  let dynamoPort: number;
  let api: ReturnType<typeof apiClient>;
  /** Every response body, to check that the masked routes did mask. */
  const masked: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sgz-logs-'));
    const [port, s3Port] = [await freePort(), await freePort()];
    dynamoPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      S3_PORT: String(s3Port),
      DYNAMODB_PORT: String(dynamoPort),
      DATA_DIR: dataDir,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_LOGGER_LOG_EVENT: 'true',
    };
    for (const name of [
      'MAIN_TABLE_NAME',
      'AUDIT_TABLE_NAME',
      'DYNAMODB_ENDPOINT',
      'S3_ENDPOINT',
      'MAIL_OUTBOX_DIR',
      'FIELD_KEY_ID',
      'LOCAL_FIELD_KEY',
      'LOCAL_FIELD_KEY_FILE',
    ]) {
      delete env[name];
    }
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => {
      captured.stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      captured.stderr += d.toString();
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!captured.stdout.includes('按 Ctrl-C 停止')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the local runtime did not start:\n${captured.stdout}\n${captured.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    api = apiClient(`http://127.0.0.1:${port}`);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds valid ID-card numbers (the API refuses others)', () => {
    expect([ID_A, ID_B].every(isValidIdNumber)).toBe(true);
  });

  it('takes and returns roster and complaint personal data through its routes, masked except the audited read', async () => {
    const call = async (...args: Parameters<typeof api>) => {
      const res = await api(...args);
      masked.push(JSON.stringify(res.body));
      return res;
    };
    const station = await call('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102003', address: '测试路 1 号' },
    });
    expect(station.status).toBe(201);
    const contract = await call('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-LOGS-001') },
    });
    expect(contract.status).toBe(201);
    const cid = contract.body.id as string;

    const worker = { name: '张测试', qualification: 'intermediate', startOn: '2026-01-01' };
    const added = await call('POST', `/contracts/${cid}/workers`, {
      as: 'op.a',
      body: { ...worker, idNumber: ID_A, phone: PHONE_A },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ idNumber: `370102********${ID_A.slice(-4)}`, phone: '139****3465' });
    expect(
      (await call('POST', `/contracts/${cid}/workers`, { as: 'op.a', body: { ...worker, idNumber: ID_B } }))
        .status,
    ).toBe(201);
    // Refused requests carrying personal data: invalid fields, malformed JSON, another operator.
    const refused = [
      await call('POST', `/contracts/${cid}/workers`, {
        as: 'op.a',
        body: { ...worker, idNumber: ID_A, phone: `${PHONE_A}0` },
      }),
      await call('POST', `/contracts/${cid}/workers`, {
        as: 'op.a',
        body: {
          ...worker,
          idNumber: `${ID_A.slice(0, 17)}${ID_A.endsWith('0') ? '1' : '0'}`,
          phone: PHONE_A,
        },
      }),
      await call('POST', `/contracts/${cid}/workers`, {
        as: 'op.a',
        rawBody: `{"name":"张测试","idNumber":"${ID_A}","phone":"${PHONE_A}",`,
        headers: { 'content-type': 'application/json' },
      }),
      await call('POST', `/contracts/${cid}/workers`, { as: 'op.b', body: { ...worker, idNumber: ID_A } }),
      await call('POST', '/contracts/01KAAAAAAAAAAAAAAAAAAAAAAA/workers', {
        as: 'op.a',
        body: { ...worker, idNumber: ID_B, phone: PHONE_B },
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, expect.any(Number), 403, 404]);
    expect(refused[2]?.status).toBeGreaterThanOrEqual(400);
    expect(refused[2]?.status).toBeLessThan(500);

    for (const as of ['lixia.mz', 'op.a', 'city.mz']) {
      const roster = await call('GET', `/contracts/${cid}/workers`, { as });
      expect(roster.status, as).toBe(200);
      expect(roster.body.items, as).toHaveLength(2);
    }
    const patched = await call('PATCH', `/contracts/${cid}/workers/${added.body.id}`, {
      as: 'op.a',
      body: { version: 1, phone: PHONE_B },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.phone).toBe('150****1928');
    // The worker's full details: for the employer and the purchasing district only, each read audited.
    const reveal = (as: string) =>
      api('POST', `/contracts/${cid}/workers/${added.body.id}/personal-data`, { as });
    expect((await reveal('op.a')).body).toMatchObject({ idNumber: ID_A, phone: PHONE_B });
    expect((await reveal('lixia.mz')).body).toMatchObject({ idNumber: ID_A });
    for (const as of ['op.b', 'shizhong.mz', 'city.mz', 'jiefanglu.jd']) {
      const denied = await call('POST', `/contracts/${cid}/workers/${added.body.id}/personal-data`, { as });
      expect(denied.status, as).toBe(403);
    }

    const filed = await call('POST', '/public/complaints', {
      body: {
        stationId: station.body.id,
        content: '活动室周末不开放',
        name: FILER_NAME,
        contact: FILER_PHONE,
      },
    });
    expect(filed.status).toBe(201);
    const list = await call('GET', '/complaints?district=370102', { as: 'lixia.mz' });
    const id = list.body.items[0].id as string;
    expect(list.body.items[0].filer).toEqual({ given: true });
    expect((await call('GET', `/complaints/${id}`, { as: 'city.mz' })).body.filer).toEqual({ given: true });
    // The one read allowed the full details: the district handling the complaint (not added to `masked`).
    const full = await api('GET', `/complaints/${id}`, { as: 'lixia.mz' });
    expect(full.body.filer).toEqual({ name: FILER_NAME, contact: FILER_PHONE });
    const ack = await call('POST', `/complaints/${id}/acknowledgement`, {
      as: 'lixia.mz',
      body: { version: 1 },
    });
    expect(ack.status).toBe(200);

    const complaintAudit = await call('GET', `/audit?entityType=complaint&entityId=${id}`, {
      as: 'lixia.mz',
    });
    expect(complaintAudit.body.items.map((r: { action: string }) => r.action)).toContain(
      'complaint.reveal-personal-data',
    );
    const workerAudit = await call('GET', `/audit?entityType=worker&entityId=${added.body.id}`, {
      as: 'lixia.mz',
    });
    // Adding and changing the worker, and the two reads of the full details (op.a, lixia.mz): nothing else.
    expect(workerAudit.body.items.map((r: { action: string }) => r.action).sort()).toEqual([
      'worker.add',
      'worker.reveal-personal-data',
      'worker.reveal-personal-data',
      'worker.update',
    ]);

    expect(leaks(masked.join('\n'))).toEqual([]);
  });

  it('stores none of it in DynamoDB in the clear: items hold masked forms and sealed envelopes', async () => {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${dynamoPort}`,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const items = [];
    for (const table of ['sgz-main', 'sgz-audit']) {
      let start: Record<string, never> | undefined;
      do {
        const out = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey as typeof start;
      } while (start);
    }
    client.destroy();
    const workers = items.filter((i) => i.entity?.S === 'worker');
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w.sealed?.M?.idNumber?.S).toMatch(/^enc:v1:l\./);
    const complaint = items.find((i) => i.entity?.S === 'complaint');
    expect(complaint?.filer?.M?.sealed?.S).toMatch(/^enc:v1:l\./);
    expect(leaks(JSON.stringify(items))).toEqual([]);
  });

  it('writes none of it to any log, at DEBUG, nor to any file of the data directory', async () => {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const logs = `${captured.stdout}\n${captured.stderr}`;
    // The capture is real: the handlers' structured logs at DEBUG and the refusals are in it.
    expect(logs).toContain('"level":"DEBUG"');
    expect(logs).toContain('"message":"worker added"');
    expect(logs).toContain('"route":"POST /contracts/{id}/workers"');
    expect(logs).toContain('"message":"request refused"');
    expect(leaks(logs)).toEqual([]);

    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('local-field-key'))).toBe(true);
    // DynamoDB Local's database file is among them, and it holds the sealed values.
    expect(files.some((f) => readFileSync(f, 'latin1').includes('enc:v1:l.'))).toBe(true);
    for (const file of files)
      expect(leaks(readFileSync(file).toString('latin1') + readFileSync(file, 'utf8')), file).toEqual([]);
  });
});
