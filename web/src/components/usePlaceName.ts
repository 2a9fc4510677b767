import { useQuery } from '@tanstack/react-query';
import { api, data } from '../services/client';

/**
 * The name of a street (its code of nine digits: 历下区 解放路街道) or of a district (six digits: 历下区), from the
 * API's divisions (GET /divisions, public): a station is named by the street it serves, a district's own report by
 * its district, and a third party may not read stations.
 */
export function usePlaceName(): (code: string) => string {
  const divisions = useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (code) => {
    for (const d of divisions.data ?? []) {
      if (d.code === code) return d.name;
      const street = d.streets.find((s) => s.code === code);
      if (street) return `${d.name} ${street.name}`;
    }
    return code;
  };
}
