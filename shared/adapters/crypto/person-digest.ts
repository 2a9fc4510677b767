import { createHmac } from 'node:crypto';
import { GetCommand, PutCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { documentClient } from '../dynamodb/client';
import { keys } from '../dynamodb/keys';
import { defaultKeyProvider, type KeyProvider, PERSON_DIGEST_CONTEXT } from './field-crypto';

/**
 * A person named without naming them: HMAC-SHA-256 under a key of the deployment, so the same ID-card number gives
 * the same digest everywhere in the system (a roster or register that already holds the person, an import row done
 * before) and nobody without the key can go back from the digest to the number. An unkeyed hash would not do: an
 * ID-card number has few unknown digits once the region and the birth date are guessed (a few million candidates),
 * so its SHA-256 is reversed by trying them.
 *
 * The key: 256 random bits made once per deployment by the field key (KMS GenerateDataKey, or the local master
 * key), stored wrapped in the main table (`keys.personDigestKey`, created by a conditional put, so functions
 * starting together agree on one), opened once per process. Its encryption context names its own purpose, so a
 * function granted this key (IAM: `kms:EncryptionContext:purpose` = `person-digest`) opens no personal data.
 */

/** Digests of people under the deployment's key, computed without further I/O. */
export type PersonDigest = (...parts: readonly string[]) => string;

const LABEL = 'sgz-person:v1';

/** The digest function of a key: 32 hex digits (128 bits) of the HMAC of the parts, each part told apart. */
export const digestUnder =
  (key: Buffer): PersonDigest =>
  (...parts) =>
    createHmac('sha256', key)
      .update([LABEL, ...parts].join('\u0000'), 'utf8')
      .digest('hex')
      .slice(0, 32);

async function storedKeyRef(): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.personDigestKey(), ConsistentRead: true }),
  );
  return out.Item?.keyRef as string | undefined;
}

/** Stores `keyRef` unless a key is there already: `false` when another process stored one first. */
async function storeKeyRef(keyRef: string, at: Date): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: { ...keys.personDigestKey(), entity: 'person-digest-key', keyRef, createdAt: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Opens the deployment's key, making and storing it first if there is none. */
export async function loadPersonDigestKey(provider: KeyProvider, now: () => Date = () => new Date()) {
  const stored = await storedKeyRef();
  if (stored) return provider.decryptDataKey(stored);
  const fresh = await provider.generateDataKey();
  if (await storeKeyRef(fresh.keyRef, now())) return fresh.plaintext;
  const theirs = await storedKeyRef();
  if (!theirs) throw new Error('the person-digest key was neither stored nor found');
  return provider.decryptDataKey(theirs);
}

let loading: Promise<PersonDigest> | undefined;

/** The digest function of this process (the key read and opened once; a failure is tried again next time). */
export function personDigest(): Promise<PersonDigest> {
  loading ??= loadPersonDigestKey(defaultKeyProvider(PERSON_DIGEST_CONTEXT))
    .then(digestUnder)
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** For tests and the local runtime (another table, another key): forget the key. */
export function resetPersonDigest(): void {
  loading = undefined;
}

/** An ID-card number as it is digested: the check character X in capitals, no blanks. */
export const idNumberForDigest = (idNumber: string): string => idNumber.trim().toUpperCase();
