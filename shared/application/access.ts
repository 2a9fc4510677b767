import { type Principal, type ResourceScope, reaches } from '#shared/domain/access/roles';
import { outOfScope } from '#shared/domain/errors';
import { logger } from '#shared/http/logger';

/**
 * The scope check every use case makes against the record it touches (the route's roles were checked by the
 * HTTP factory, which hands the use case a principal holding only those roles). Each denial is logged.
 */
export function assertInScope(principal: Principal, scope: ResourceScope): void {
  if (!reaches(principal, principal.roles, scope)) {
    logger.warn('access denied', { reason: 'scope', sub: principal.sub, roles: principal.roles });
    throw outOfScope();
  }
}
