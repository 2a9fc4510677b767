import { DomainError } from '#shared/domain/errors';

/**
 * Page cursors are opaque to clients: base64url JSON of DynamoDB's LastEvaluatedKey (plus, for city-wide lists,
 * the partition the page stopped in). A cursor that does not decode, or that points outside the caller's
 * partition, is refused rather than passed to DynamoDB.
 */
export interface CursorState {
  readonly partition: string;
  readonly key: Record<string, unknown>;
}

export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify(state)).toString('base64url');

export function decodeCursor(
  cursor: string | undefined,
  allowed: (partition: string) => boolean,
): CursorState | undefined {
  if (cursor === undefined) return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (
      typeof state?.partition === 'string' &&
      allowed(state.partition) &&
      state.key &&
      typeof state.key === 'object'
    ) {
      return state;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError(
    'INVALID_CURSOR',
    400,
    '分页游标无效',
    'The cursor is malformed or belongs to another query.',
    {
      errors: [{ path: 'cursor', message: '分页游标无效' }],
    },
  );
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}
