import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../services/client';

/**
 * The district's and the street's names for a street code, from the API's divisions (GET /divisions, public): an
 * evaluation names its station by the street it serves (历下区 解放路街道), and a third party may not read stations.
 */
export function useStreetName(): (streetCode: string) => string {
  const divisions = useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (streetCode) => {
    for (const d of divisions.data ?? []) {
      const street = d.streets.find((s) => s.code === streetCode);
      if (street) return `${d.name} ${street.name}`;
    }
    return streetCode;
  };
}
