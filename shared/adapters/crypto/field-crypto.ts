import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { FIELD_KEY_ENV, fieldKeyId, localFieldKey, localFieldKeyFile, runsInLambda } from '#shared/config';

/**
 * Field-level envelope encryption of personal data (PIPL: ID-card numbers, phones, complainants' names and
 * contacts). Each value is sealed with AES-256-GCM under a 256-bit data key; the data key, encrypted under the
 * master key, travels with the ciphertext:
 *
 *   enc:v1:<keyRef>:<iv>:<tag>:<ciphertext>          (each part base64url; keyRef `k.<KMS CiphertextBlob>` on AWS,
 *                                                    `l.<data key wrapped under the local master key>` locally)
 *
 * The additional authenticated data is the item's identity and the attribute (`pk`, `sk`, field), so a ciphertext
 * copied to another record, or to another attribute of the same record, fails to open.
 *
 * On AWS the master key is the customer-managed KMS key named by FIELD_KEY_ID: data keys come from
 * GenerateDataKey (encryption context {@link ENCRYPTION_CONTEXT}) and are opened with Decrypt. A data key seals
 * values for at most {@link DEFAULT_TTL_MS} or {@link DEFAULT_MAX_USES} values, whichever comes first; opened data
 * keys are kept in memory, by their encrypted form, for the same time. Locally a 256-bit key (a file under the
 * data directory, or an environment variable) stands in for KMS. Nothing here logs a value, plain or sealed.
 */
export const SEALED_PREFIX = 'enc:v1:';
/** Passed to every KMS call; the functions' IAM grants require it. */
export const ENCRYPTION_CONTEXT = { app: 'sgz', purpose: 'personal-data' } as const;
/** The encryption context of a data key: the app and what the key is for (the IAM grants name the purpose). */
export type EncryptionContext = Readonly<{ app: 'sgz'; purpose: string }>;
/** The person-digest key's context (person-digest.ts): a grant for it opens no personal data. */
export const PERSON_DIGEST_CONTEXT: EncryptionContext = { app: 'sgz', purpose: 'person-digest' };
export const DEFAULT_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_MAX_USES = 10_000;
const DEFAULT_MAX_KEYS = 256;

/** Where a sealed value is stored: it opens there and nowhere else. */
export interface FieldBinding {
  readonly pk: string;
  readonly sk: string;
  readonly field: string;
}

export interface DataKey {
  readonly plaintext: Buffer;
  /** The data key encrypted under the master key, as stored in each ciphertext. */
  readonly keyRef: string;
}

/** The master key: makes data keys and opens their encrypted form. */
export interface KeyProvider {
  generateDataKey(): Promise<DataKey>;
  decryptDataKey(keyRef: string): Promise<Buffer>;
}

/** A value that cannot be opened (tampered, moved, another key) or a key that cannot be had. Never holds a value. */
export class FieldCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldCryptoError';
  }
}

export const isSealed = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(SEALED_PREFIX);

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromB64 = (text: string): Buffer => Buffer.from(text, 'base64url');
const aad = (b: FieldBinding): Buffer =>
  Buffer.from(`sgz-field:v1\u0000${b.pk}\u0000${b.sk}\u0000${b.field}`);

/** The KMS key `keyId` as master key. `client` is for tests. */
export function kmsKeyProvider(
  keyId: string,
  client: Pick<KMSClient, 'send'> = new KMSClient({}),
  context: EncryptionContext = ENCRYPTION_CONTEXT,
): KeyProvider {
  return {
    async generateDataKey() {
      const out = await client.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: { ...context },
        }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new FieldCryptoError('KMS returned no data key');
      const plaintext = Buffer.from(out.Plaintext);
      out.Plaintext.fill(0);
      return { plaintext, keyRef: `k.${b64(out.CiphertextBlob)}` };
    },
    async decryptDataKey(keyRef) {
      if (!keyRef.startsWith('k.'))
        throw new FieldCryptoError('the value was not sealed under a KMS data key');
      const out = await client.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: fromB64(keyRef.slice(2)),
          EncryptionContext: { ...context },
        }),
      );
      if (!out.Plaintext) throw new FieldCryptoError('KMS returned no data key');
      const plaintext = Buffer.from(out.Plaintext);
      out.Plaintext.fill(0);
      return plaintext;
    },
  };
}

/** The local wrap's associated data: the field keys' as before, another purpose's with its name (as KMS's context). */
const wrapAad = (context: EncryptionContext): Buffer =>
  Buffer.from(
    context.purpose === ENCRYPTION_CONTEXT.purpose
      ? 'sgz-local-data-key:v1'
      : `sgz-local-data-key:v1\u0000${context.purpose}`,
  );

/** A local 256-bit master key standing in for KMS: data keys are random and wrapped under it with AES-256-GCM. */
export function localKeyProvider(
  masterKey: Buffer,
  context: EncryptionContext = ENCRYPTION_CONTEXT,
): KeyProvider {
  if (masterKey.length !== 32) throw new FieldCryptoError('the local master key must be 32 bytes');
  const aadOfWrap = wrapAad(context);
  return {
    async generateDataKey() {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(aadOfWrap);
      const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, keyRef: `l.${b64(Buffer.concat([iv, cipher.getAuthTag(), wrapped]))}` };
    },
    async decryptDataKey(keyRef) {
      if (!keyRef.startsWith('l.'))
        throw new FieldCryptoError('the value was not sealed under a local data key');
      const raw = fromB64(keyRef.slice(2));
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, raw.subarray(0, 12), {
          authTagLength: 16,
        });
        decipher.setAAD(aadOfWrap);
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
      } catch {
        throw new FieldCryptoError('the data key does not open under the local master key');
      }
    },
  };
}

const parseKey = (text: string, where: string): Buffer => {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new FieldCryptoError(`${where}: expected a 256-bit key in base64`);
  return key;
};

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * The local master key: `LOCAL_FIELD_KEY` (base64), else the key file, created once with 32 random bytes and mode
 * 0600 (atomically: two processes starting together end up with the same key).
 */
export function loadLocalMasterKey(): Buffer {
  const inline = localFieldKey();
  if (inline) return parseKey(inline, 'LOCAL_FIELD_KEY');
  const file = localFieldKeyFile();
  try {
    return parseKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}

export interface FieldCryptoOptions {
  /** How long a data key seals new values and how long an opened data key is kept. */
  readonly ttlMs?: number;
  /** How many values one data key seals at most. */
  readonly maxUses?: number;
  /** How many opened data keys are kept. */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

interface SealingKey {
  readonly key: Buffer;
  readonly keyRef: string;
  readonly expiresAt: number;
  uses: number;
}

/** Seals and opens values; one per process (see {@link fieldCrypto}), or one per test with its own provider. */
export class FieldCrypto {
  readonly #provider: KeyProvider;
  readonly #ttl: number;
  readonly #maxUses: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  #sealing: SealingKey | undefined;
  #generating: Promise<SealingKey> | undefined;
  readonly #opened = new Map<string, { readonly key: Buffer; readonly expiresAt: number }>();
  readonly #opening = new Map<string, Promise<Buffer>>();

  constructor(provider: KeyProvider, options: FieldCryptoOptions = {}) {
    this.#provider = provider;
    this.#ttl = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#maxUses = options.maxUses ?? DEFAULT_MAX_USES;
    this.#maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.#now = options.now ?? Date.now;
  }

  async seal(plaintext: string, binding: FieldBinding): Promise<string> {
    const { key, keyRef } = await this.#sealingKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${keyRef}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ciphertext)}`;
  }

  async open(sealed: string, binding: FieldBinding): Promise<string> {
    const parts = isSealed(sealed) ? sealed.slice(SEALED_PREFIX.length).split(':') : [];
    const [keyRef, iv, tag, ciphertext] = parts;
    if (parts.length !== 4 || !keyRef || !iv || !tag || ciphertext === undefined) {
      throw new FieldCryptoError('not a sealed value');
    }
    const key = await this.#dataKey(keyRef);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, fromB64(iv), { authTagLength: 16 });
      decipher.setAAD(aad(binding));
      decipher.setAuthTag(fromB64(tag));
      return Buffer.concat([decipher.update(fromB64(ciphertext)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldCryptoError(
        `a sealed ${binding.field} failed authentication: tampered with, moved from another record, or under another key`,
      );
    }
  }

  async #sealingKey(): Promise<SealingKey> {
    const current = this.#sealing;
    if (current && current.expiresAt > this.#now() && current.uses < this.#maxUses) {
      current.uses += 1;
      return current;
    }
    this.#generating ??= this.#provider
      .generateDataKey()
      .then(({ plaintext, keyRef }) => {
        const fresh: SealingKey = { key: plaintext, keyRef, expiresAt: this.#now() + this.#ttl, uses: 0 };
        this.#sealing = fresh;
        // What this process seals it can read back without asking KMS.
        this.#remember(keyRef, plaintext, fresh.expiresAt);
        return fresh;
      })
      .finally(() => {
        this.#generating = undefined;
      });
    const fresh = await this.#generating;
    fresh.uses += 1;
    return fresh;
  }

  async #dataKey(keyRef: string): Promise<Buffer> {
    const cached = this.#opened.get(keyRef);
    if (cached && cached.expiresAt > this.#now()) return cached.key;
    if (cached) this.#opened.delete(keyRef);
    let pending = this.#opening.get(keyRef);
    if (!pending) {
      pending = this.#provider
        .decryptDataKey(keyRef)
        .then((key) => {
          this.#remember(keyRef, key, this.#now() + this.#ttl);
          return key;
        })
        .finally(() => this.#opening.delete(keyRef));
      this.#opening.set(keyRef, pending);
    }
    return pending;
  }

  #remember(keyRef: string, key: Buffer, expiresAt: number): void {
    this.#opened.delete(keyRef);
    this.#opened.set(keyRef, { key, expiresAt });
    // Oldest first: a Map iterates in insertion order.
    for (const oldest of this.#opened.keys()) {
      if (this.#opened.size <= this.#maxKeys) break;
      this.#opened.delete(oldest);
    }
  }
}

/**
 * The master key of this process: KMS when FIELD_KEY_ID is set; in Lambda without it, none (the function was not
 * granted the key, so it must not handle personal data); elsewhere the local key.
 */
export function defaultKeyProvider(context: EncryptionContext = ENCRYPTION_CONTEXT): KeyProvider {
  const keyId = fieldKeyId();
  if (keyId) return kmsKeyProvider(keyId, new KMSClient({}), context);
  if (runsInLambda()) {
    throw new FieldCryptoError(
      `${FIELD_KEY_ENV} is not set: this function holds no key for personal data (shared/adapters/crypto/personal-data-routes.ts)`,
    );
  }
  return localKeyProvider(loadLocalMasterKey(), context);
}

let instance: FieldCrypto | undefined;

/** One per process (per Lambda container), so data keys are reused across invocations. */
export function fieldCrypto(): FieldCrypto {
  instance ??= new FieldCrypto(defaultKeyProvider());
  return instance;
}

/** For tests and the local runtime: forget the keys (after the configuration changed), or use `next`. */
export function resetFieldCrypto(next?: FieldCrypto): void {
  instance = next;
}

export const sealField = (plaintext: string, binding: FieldBinding): Promise<string> =>
  fieldCrypto().seal(plaintext, binding);
export const openField = (sealed: string, binding: FieldBinding): Promise<string> =>
  fieldCrypto().open(sealed, binding);
