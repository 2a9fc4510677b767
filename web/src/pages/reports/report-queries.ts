import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_NAMES } from '../../services/access';
import { api, data } from '../../services/client';

/** The cache entry of one report slot's detail (GET /reports/{id}). */
export const reportKey = (id: string) => ['GET /reports/{id}', { id }] as const;

export function useReport(id: string) {
  return useQuery({
    queryKey: reportKey(id),
    queryFn: () => data(api.GET('/reports/{id}', { params: { path: { id } } })),
  });
}

/**
 * A version of a report through a short-lived address from the API, opened in this tab (the answer is an
 * attachment, so the page stays). The API records the first opening by a recipient as a read receipt (B2), so the
 * detail is read again.
 */
export function useDownload(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) =>
      data(
        api.POST('/reports/{id}/versions/{uploadId}/download-url', { params: { path: { id, uploadId } } }),
      ),
    onSuccess: async (link) => {
      window.location.assign(link.url);
      await queryClient.invalidateQueries({ queryKey: reportKey(id) });
    },
  });
}

/** A party as the API names it (`street_office:370102001`), by its role's name in the console. */
export const partyName = (party: string | Record<string, string>): string => {
  const role = typeof party === 'string' ? (party.split(':')[0] ?? party) : (party.role ?? '');
  return ROLE_NAMES[role] ?? role;
};
