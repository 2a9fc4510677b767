import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { PlatformApplication } from '#shared/domain/platform/application';
import { documentClient } from './client';
import { JINAN_CITY_CODE, keys } from './keys';
import { type Page, pageAcrossPartitions } from './pagination';
import { putIfVersion, type Write } from './unit-of-work';

/** The reviewer's queue partition: the city for city-level applications, else the district. */
export const reviewerPartition = (a: Pick<PlatformApplication, 'level' | 'districtCode'>): string =>
  a.level === 'city' ? `CITY#${JINAN_CITY_CODE}` : `DISTRICT#${a.districtCode}`;

/** The applicant's partition: its organisation, or its street for a street office. */
export const applicantPartition = (a: PlatformApplication['applicant']): string =>
  a.org ? `ORG#${a.org}` : `STREET#${a.street}`;

const toItem = (a: PlatformApplication) => ({
  ...keys.platformApplication(a.id),
  ...keys.platformApplicationQueue(reviewerPartition(a), a.id),
  ...keys.platformApplicationsOfApplicant(applicantPartition(a.applicant), a.id),
  entity: 'platform-application',
  ...a,
});

const strip = ({
  pk: _a,
  sk: _b,
  gsi1pk: _c,
  gsi1sk: _d,
  gsi3pk: _e,
  gsi3sk: _f,
  entity: _g,
  ...rest
}: Record<string, unknown>) => rest as unknown as PlatformApplication;

export async function getApplication(id: string): Promise<PlatformApplication | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.platformApplication(id), ConsistentRead: true }),
  );
  return out.Item ? strip(out.Item) : undefined;
}

/** Applications in a reviewer's queue (byDistrict) or of an applicant (byOrg), newest last. */
export function queryApplications(
  where: { reviewer: string } | { applicant: string },
  limit: number,
  cursor?: string,
): Promise<Page<PlatformApplication>> {
  const byApplicant = 'applicant' in where;
  const partition = byApplicant ? where.applicant : where.reviewer;
  return pageAcrossPartitions([partition], limit, cursor, async (_p, start, max) => {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: byApplicant ? 'byOrg' : 'byDistrict',
        KeyConditionExpression: byApplicant
          ? 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)'
          : 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': 'PLATFORM_APP#' },
        Limit: max,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map(strip),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  });
}

export const createApplicationWrite = (a: PlatformApplication): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: toItem(a), ConditionExpression: 'attribute_not_exists(pk)' },
  },
});

export const updateApplicationWrite = (before: PlatformApplication, after: PlatformApplication): Write =>
  putIfVersion(tableName('main'), toItem(after), before.version);
