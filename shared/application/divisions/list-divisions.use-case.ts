import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import type { District } from '#shared/domain/divisions/division';

/** Jinan's district-level units with their streets nested, in code order (public, R2.1). */
export async function publicDivisions(): Promise<District[]> {
  const districts = await listDivisions();
  return [...districts]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => ({ ...d, streets: [...d.streets].sort((a, b) => a.code.localeCompare(b.code)) }));
}
