import { beforeAll, describe, expect, it } from 'vitest';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import {
  decideApplication,
  listApplications,
  readApplication,
  submitApplication,
} from '#shared/application/platform/platform.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { DomainError } from '#shared/domain/errors';
import { actor, cityOfficial, LIXIA, lixiaOfficial, principal, shizhongOfficial } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

const cityDept = principal('department', { org: 'org-dept-a' });
const otherDept = principal('department', { org: 'org-dept-b' });
const districtDept = principal('department', { org: 'org-lixia-health', district: LIXIA });
const input = (stationId: string) => ({
  applicantName: '市卫健委',
  stationId,
  reason: '社区心理健康服务',
  project: '心理健康进社区',
  serviceNeeds: '每月两次团体辅导',
  funding: { source: '部门预算', amountFen: 5_000_000 },
  staffing: { count: 2, description: '心理咨询师 2 名', excludesStationStaff: true as const },
});
const serviceContract = {
  number: 'WS-2026-01',
  signedOn: '2026-12-01',
  operatorOrgId: 'org-op-a',
  amountFen: 5_000_000,
  servicePeriod: { start: '2027-01-01', end: '2027-12-31' },
};

describe('platform sharing on DynamoDB Local (R21.1)', () => {
  let stationId: string;
  beforeAll(async () => {
    await freshTables();
    stationId = (
      await createStation(actor(lixiaOfficial), {
        districtCode: LIXIA,
        streetCode: '370102012',
        address: '戊',
      })
    ).id;
  });

  it('routes a city department to the city and a district department to its district', async () => {
    const city = await submitApplication(actor(cityDept), input(stationId));
    const district = await submitApplication(actor(districtDept), input(stationId));
    expect([city.level, district.level, district.districtCode]).toEqual(['city', 'district', LIXIA]);
    expect((await listApplications(cityOfficial, 10)).items.map((a) => a.id)).toEqual([city.id]);
    expect((await listApplications(lixiaOfficial, 10)).items.map((a) => a.id)).toEqual([district.id]);
    expect(await codeOf(readApplication(lixiaOfficial, city.id))).toBe('403 OUT_OF_SCOPE');
    expect(await codeOf(readApplication(otherDept, city.id))).toBe('403 OUT_OF_SCOPE');
  });

  it('lets only the right level decide: the city cannot decide a district application, nor the district a city one', async () => {
    const district = await submitApplication(actor(districtDept), input(stationId));
    const city = await submitApplication(actor(cityDept), input(stationId));
    const decision = { version: 1, outcome: 'rejected' as const, reason: '材料不全' };
    expect(await codeOf(decideApplication(actor(cityOfficial), district.id, decision))).toBe(
      '403 WRONG_REVIEWER',
    );
    expect(await codeOf(decideApplication(actor(lixiaOfficial), city.id, decision))).toBe('403 OUT_OF_SCOPE');
    expect(await codeOf(decideApplication(actor(shizhongOfficial), district.id, decision))).toBe(
      '403 OUT_OF_SCOPE',
    );
  });

  it('refuses an approval without the service contract, or while the station has no operator', async () => {
    const app = await submitApplication(actor(cityDept), input(stationId));
    const approve = { version: 1, outcome: 'approved' as const, reason: '同意' };
    expect(await codeOf(decideApplication(actor(cityOfficial), app.id, approve))).toBe(
      '422 SERVICE_CONTRACT_REQUIRED',
    );
    expect(
      await codeOf(decideApplication(actor(cityOfficial), app.id, { ...approve, serviceContract })),
    ).toBe('409 STATION_HAS_NO_OPERATOR');
  });

  it("records the service contract with the station's operator and makes the applicant its supervisor", async () => {
    const contract = await registerContract(
      actor(lixiaOfficial),
      stationId,
      contractTerms('LX-PF-1', 'org-op-a'),
    );
    await changeContractStatus(actor(lixiaOfficial), contract.id, 1, 'active');
    const app = await submitApplication(actor(cityDept), input(stationId));
    const wrongOperator = { ...serviceContract, operatorOrgId: 'org-op-b' };
    expect(
      await codeOf(
        decideApplication(actor(cityOfficial), app.id, {
          version: 1,
          outcome: 'approved',
          reason: '同意',
          serviceContract: wrongOperator,
        }),
      ),
    ).toBe('422 NOT_THE_STATION_OPERATOR');
    const approved = await decideApplication(actor(cityOfficial), app.id, {
      version: 1,
      outcome: 'approved',
      reason: '同意',
      serviceContract,
    });
    expect(approved).toMatchObject({
      status: 'approved',
      supervisingParty: { kind: 'department', org: 'org-dept-a' },
    });
    expect(
      await codeOf(
        decideApplication(actor(cityOfficial), app.id, { version: 2, outcome: 'rejected', reason: '改判' }),
      ),
    ).toBe('409 INVALID_TRANSITION');
  });

  it('refuses a district-level application for a station of another district', async () => {
    const shizhongDept = principal('department', { org: 'org-sz', district: '370103' });
    expect(await codeOf(submitApplication(actor(shizhongDept), input(stationId)))).toBe(
      '422 STATION_NOT_IN_DISTRICT',
    );
  });
});
