import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_USES,
  defaultKeyProvider,
  ENCRYPTION_CONTEXT,
  FieldCrypto,
  FieldCryptoError,
  type KeyProvider,
  kmsKeyProvider,
  loadLocalMasterKey,
  localKeyProvider,
} from '#shared/adapters/crypto/field-crypto';

const ID = '370102198807153518';
const binding = { pk: 'STATION#01S', sk: 'WORKER#01C#01W', field: 'sealed.idNumber' };
const SEALED = /^enc:v1:[kl]\.[A-Za-z0-9_-]+:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/;

/** A provider that counts its calls, over a local master key. */
const counting = (inner: KeyProvider = localKeyProvider(randomBytes(32))) => {
  const calls = { generate: 0, decrypt: 0 };
  const provider: KeyProvider = {
    generateDataKey: () => {
      calls.generate += 1;
      return inner.generateDataKey();
    },
    decryptDataKey: (ref) => {
      calls.decrypt += 1;
      return inner.decryptDataKey(ref);
    },
  };
  return { provider, calls };
};

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('sealing a field (AES-256-GCM under a data key, envelope format)', () => {
  const crypto = new FieldCrypto(localKeyProvider(randomBytes(32)));

  it('opens what it sealed, and the sealed form is the versioned envelope without the plaintext', async () => {
    const sealed = await crypto.seal(ID, binding);
    expect(sealed).toMatch(SEALED);
    expect(sealed.startsWith('enc:v1:l.')).toBe(true);
    expect(sealed).not.toContain(ID);
    expect(sealed).not.toContain(ID.slice(6, 14));
    expect(await crypto.open(sealed, binding)).toBe(ID);
    expect(await crypto.open(await crypto.seal('', binding), binding)).toBe('');
    expect(await crypto.open(await crypto.seal('王某·13800000000', binding), binding)).toBe(
      '王某·13800000000',
    );
  });

  it('seals the same value differently each time (a random IV), so equal values cannot be matched', async () => {
    expect(await crypto.seal(ID, binding)).not.toBe(await crypto.seal(ID, binding));
  });

  it('refuses a value moved to another record, another attribute or another table key', async () => {
    const sealed = await crypto.seal(ID, binding);
    for (const moved of [
      { ...binding, pk: 'STATION#02S' },
      { ...binding, sk: 'WORKER#01C#02W' },
      { ...binding, field: 'sealed.phone' },
    ]) {
      const outcome = await codeOf(crypto.open(sealed, moved));
      expect(outcome).toMatch(/^FieldCryptoError: a sealed .* failed authentication/);
      expect(outcome).not.toContain(ID);
    }
  });

  it('refuses a tampered ciphertext, tag, IV or data key, and what is not a sealed value', async () => {
    const sealed = await crypto.seal(ID, binding);
    const parts = sealed.split(':');
    const flip = (i: number) =>
      parts
        .map((p, j) => (j === i ? `${p.slice(0, -2)}${p.at(-2) === 'A' ? 'B' : 'A'}${p.at(-1)}` : p))
        .join(':');
    for (const i of [2, 3, 4, 5]) {
      expect(await codeOf(crypto.open(flip(i), binding))).toMatch(/^FieldCryptoError/);
    }
    expect(await codeOf(crypto.open(ID, binding))).toBe('FieldCryptoError: not a sealed value');
    expect(await codeOf(crypto.open('enc:v1:l.x:y', binding))).toBe('FieldCryptoError: not a sealed value');
  });

  it('cannot open under another master key', async () => {
    const other = new FieldCrypto(localKeyProvider(randomBytes(32)));
    expect(await codeOf(other.open(await crypto.seal(ID, binding), binding))).toMatch(/^FieldCryptoError/);
  });
});

describe('data keys: one per bounded time and use, opened keys cached by their encrypted form', () => {
  it('asks the master key for one data key for many values, and a new one after the time or use bound', async () => {
    let now = 0;
    const { provider, calls } = counting();
    const crypto = new FieldCrypto(provider, { ttlMs: 60_000, maxUses: 50, now: () => now });
    await Promise.all(Array.from({ length: 20 }, () => crypto.seal(ID, binding)));
    expect(calls.generate).toBe(1);
    now = 59_999;
    await crypto.seal(ID, binding);
    expect(calls.generate).toBe(1);
    now = 60_000;
    await crypto.seal(ID, binding);
    expect(calls.generate).toBe(2);
    for (let i = 0; i < 50; i++) await crypto.seal(ID, binding);
    expect(calls.generate).toBe(3);
    expect(DEFAULT_MAX_USES).toBeGreaterThan(0);
  });

  it('reads back what it sealed without asking the master key', async () => {
    const { provider, calls } = counting();
    const crypto = new FieldCrypto(provider);
    const sealed = await crypto.seal(ID, binding);
    expect(await crypto.open(sealed, binding)).toBe(ID);
    expect(calls.decrypt).toBe(0);
  });

  it('opens a data key once for many values and concurrent reads, again after the time bound', async () => {
    const master = localKeyProvider(randomBytes(32));
    const writer = new FieldCrypto(master);
    const values = await Promise.all(
      Array.from({ length: 10 }, (_, i) => writer.seal(`${ID}-${i}`, binding)),
    );
    let now = 0;
    const { provider, calls } = counting(master);
    const reader = new FieldCrypto(provider, { ttlMs: 1000, now: () => now });
    expect(await Promise.all(values.map((v) => reader.open(v, binding)))).toEqual(
      values.map((_, i) => `${ID}-${i}`),
    );
    expect(calls.decrypt).toBe(1);
    now = 1000;
    await reader.open(values[0] as string, binding);
    expect(calls.decrypt).toBe(2);
  });

  it('keeps at most maxKeys opened data keys', async () => {
    const master = localKeyProvider(randomBytes(32));
    const sealed = await Promise.all(
      [0, 1, 2].map((i) => new FieldCrypto(master).seal(`${i}`, binding)), // three data keys
    );
    const { provider, calls } = counting(master);
    const reader = new FieldCrypto(provider, { maxKeys: 2 });
    for (const s of sealed) await reader.open(s, binding);
    await reader.open(sealed[2] as string, binding);
    expect(calls.decrypt).toBe(3);
    await reader.open(sealed[0] as string, binding);
    expect(calls.decrypt).toBe(4);
  });
});

describe('KMS as the master key', () => {
  /** A stand-in for KMS: data keys wrapped by a local key, every command recorded. */
  const fakeKms = () => {
    const inner = localKeyProvider(randomBytes(32));
    const commands: (GenerateDataKeyCommand | DecryptCommand)[] = [];
    const client = {
      send: async (command: GenerateDataKeyCommand | DecryptCommand) => {
        commands.push(command);
        if (command instanceof GenerateDataKeyCommand) {
          const key = await inner.generateDataKey();
          return { Plaintext: new Uint8Array(key.plaintext), CiphertextBlob: Buffer.from(key.keyRef) };
        }
        const blob = Buffer.from(command.input.CiphertextBlob as Uint8Array).toString();
        return { Plaintext: new Uint8Array(await inner.decryptDataKey(blob)) };
      },
    } as unknown as Pick<KMSClient, 'send'>;
    return { client, commands };
  };
  const KEY = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('generates AES-256 data keys under the key with the encryption context, and stores the encrypted key', async () => {
    const { client, commands } = fakeKms();
    const sealed = await new FieldCrypto(kmsKeyProvider(KEY, client)).seal(ID, binding);
    expect(sealed.startsWith('enc:v1:k.')).toBe(true);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(GenerateDataKeyCommand);
    expect(commands[0]?.input).toEqual({
      KeyId: KEY,
      KeySpec: 'AES_256',
      EncryptionContext: ENCRYPTION_CONTEXT,
    });
  });

  it('opens with Decrypt of the stored encrypted key, with the key id and encryption context, once per data key', async () => {
    const { client, commands } = fakeKms();
    const sealed = await new FieldCrypto(kmsKeyProvider(KEY, client)).seal(ID, binding);
    const reader = new FieldCrypto(kmsKeyProvider(KEY, client));
    expect(await reader.open(sealed, binding)).toBe(ID);
    expect(await reader.open(sealed, binding)).toBe(ID);
    const decrypts = commands.filter((c) => c instanceof DecryptCommand);
    expect(decrypts).toHaveLength(1);
    expect(decrypts[0]?.input).toMatchObject({ KeyId: KEY, EncryptionContext: ENCRYPTION_CONTEXT });
  });

  it('does not open a locally sealed value with KMS, nor a KMS-sealed one with the local key', async () => {
    const { client } = fakeKms();
    const local = localKeyProvider(randomBytes(32));
    const kmsSealed = await new FieldCrypto(kmsKeyProvider(KEY, client)).seal(ID, binding);
    const localSealed = await new FieldCrypto(local).seal(ID, binding);
    expect(await codeOf(new FieldCrypto(local).open(kmsSealed, binding))).toMatch(/local data key/);
    expect(await codeOf(new FieldCrypto(kmsKeyProvider(KEY, client)).open(localSealed, binding))).toMatch(
      /KMS data key/,
    );
  });
});

describe('the master key of a process', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sgz-field-key-'));
    for (const k of ['FIELD_KEY_ID', 'LOCAL_FIELD_KEY', 'LOCAL_FIELD_KEY_FILE', 'AWS_LAMBDA_FUNCTION_NAME']) {
      delete process.env[k];
    }
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the local key file once, 256 bits, readable by its owner only, and reuses it', () => {
    const file = join(dir, 'nested', 'local-field-key');
    process.env.LOCAL_FIELD_KEY_FILE = file;
    const first = loadLocalMasterKey();
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadLocalMasterKey().equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
  });

  it('takes LOCAL_FIELD_KEY (base64) before any file, and refuses a key of the wrong size', () => {
    const key = randomBytes(32);
    process.env.LOCAL_FIELD_KEY = key.toString('base64');
    process.env.LOCAL_FIELD_KEY_FILE = join(dir, 'unused');
    expect(loadLocalMasterKey().equals(key)).toBe(true);
    process.env.LOCAL_FIELD_KEY = randomBytes(16).toString('base64');
    expect(() => loadLocalMasterKey()).toThrow(FieldCryptoError);
  });

  it('refuses to seal in Lambda without FIELD_KEY_ID (a function not granted the key), and uses KMS with it', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'sgz-prod-listWorkers';
    process.env.LOCAL_FIELD_KEY_FILE = join(dir, 'never-made');
    expect(() => defaultKeyProvider()).toThrow(/FIELD_KEY_ID is not set/);
    expect(() => statSync(join(dir, 'never-made'))).toThrow();
    process.env.FIELD_KEY_ID = 'arn:aws-cn:kms:cn-north-1:111122223333:key/x';
    expect(defaultKeyProvider()).toBeDefined();
  });
});
