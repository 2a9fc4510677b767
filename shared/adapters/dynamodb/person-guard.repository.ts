import { GetCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { DomainError } from '#shared/domain/errors';
import { batchGet } from './batch-get';
import { documentClient } from './client';
import type { Write } from './unit-of-work';

/**
 * Uniqueness guards of people (`keys.rosterPerson`, `keys.registerPerson`): one item per person and roster or
 * register, named by the person's keyed digest, holding the id of the record that has them. Whoever adds the
 * person writes it in the record's transaction, on the condition that nobody holds it, or that it still names the
 * record read (one that has since ended: a worker who left, a file anonymised).
 */
export type PersonGuardKey = Readonly<{ pk: string; sk: string }>;

/** The id of the record holding the person, if any. */
export async function personHolder(key: PersonGuardKey): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: key, ConsistentRead: true }),
  );
  return out.Item?.holder as string | undefined;
}

/** The guard's name in the map `personHolders` answers. */
export const guardName = (key: PersonGuardKey): string => `${key.pk}|${key.sk}`;

/** The ids of the records holding these people, by `guardName`; a person nobody holds is absent. */
export async function personHolders(guards: readonly PersonGuardKey[]): Promise<Map<string, string>> {
  const items = await batchGet(guards, { consistent: true });
  return new Map(items.map((item) => [guardName(item as PersonGuardKey), String(item.holder)]));
}

/** Makes `holder` hold the person, if nobody does (`previous` undefined) or `previous` still does. */
export function holdPersonWrite(
  key: PersonGuardKey,
  holder: string,
  previous: string | undefined,
  onTaken: () => DomainError,
  at: Date,
): Write {
  return {
    item: {
      Put: {
        TableName: tableName('main'),
        Item: { ...key, entity: 'person-guard', holder, updatedAt: at.toISOString() },
        ...(previous === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#holder = :previous',
              ExpressionAttributeNames: { '#holder': 'holder' },
              ExpressionAttributeValues: { ':previous': previous },
            }),
      },
    },
    onConditionFailed: onTaken,
  };
}
