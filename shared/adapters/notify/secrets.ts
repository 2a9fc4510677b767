import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runsInLambda } from '#shared/config';
import { ChannelError } from './channel';

/**
 * The secrets of the notice channels (SMS access keys, webhook signing keys) are never in the template, the code
 * or the environment: the environment names them, and they are read here, once per container.
 *
 * - a Secrets Manager secret name or ARN (on AWS; only the notice-delivery job may read the configured ones);
 * - `file:<path>` (locally only, refused in Lambda): the local runtime writes throw-away keys under its data
 *   directory.
 *
 * The value is JSON (`{"accessKeyId":"…","accessKeySecret":"…"}`, `{"secret":"…"}` …) or a bare string, which
 * reads as `{"secret": "<string>"}`.
 */
const cache = new Map<string, Promise<Readonly<Record<string, string>>>>();
let client: SecretsManagerClient | undefined;

const fieldsOf = (raw: string): Record<string, string> => {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      );
    }
  } catch {
    // a bare string
  }
  return { secret: raw.trim() };
};

async function load(ref: string): Promise<Record<string, string>> {
  if (ref.startsWith('file:')) {
    if (runsInLambda()) throw new ChannelError('密钥引用无效（file: 仅限本地运行）', true);
    return fieldsOf(await readFile(ref.slice('file:'.length), 'utf8'));
  }
  client ??= new SecretsManagerClient({ maxAttempts: 3 });
  const out = await client.send(new GetSecretValueCommand({ SecretId: ref }));
  if (!out.SecretString) throw new ChannelError('密钥为空或不是文本', true);
  return fieldsOf(out.SecretString);
}

/** The fields of the secret `ref`, cached per container (a failed read is tried again next time). */
export function secretFields(ref: string): Promise<Readonly<Record<string, string>>> {
  let pending = cache.get(ref);
  if (!pending) {
    pending = load(ref);
    cache.set(ref, pending);
    pending.catch(() => cache.delete(ref));
  }
  return pending;
}

/** One field of a secret, or a permanent channel error naming the field (never the value). */
export async function secretField(ref: string, ...names: string[]): Promise<string> {
  const fields = await secretFields(ref);
  for (const name of names) {
    const value = fields[name];
    if (value) return value;
  }
  throw new ChannelError(`密钥缺少字段 ${names[0]}`, true);
}

export function forgetSecrets(): void {
  cache.clear();
}
