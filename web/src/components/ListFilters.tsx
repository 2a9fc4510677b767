import { useQuery } from '@tanstack/react-query';
import { Form, Select, type SelectProps } from 'antd';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { currentSession } from '../services/auth';
import { api, data } from '../services/client';

/** A filter a list route of the API takes as a query parameter (docs/openapi.json), kept in the page's URL. */
export type FilterName = 'district' | 'street' | 'status';

/**
 * The filters of a list, read from the page's URL (`?district=370102&street=370102001&status=active`): a link
 * reproduces the view. Only the names the list's route accepts are read, and they go to the API as they are; the
 * API decides what they select (and refuses another district with its problem, shown as it says).
 */
export function useListFilters(names: readonly FilterName[]): Partial<Record<FilterName, string>> {
  const [search] = useSearchParams();
  const out: Partial<Record<FilterName, string>> = {};
  for (const name of names) {
    const value = search.get(name);
    if (value) out[name] = value;
  }
  return out;
}

/**
 * The filter controls of a list: 区县 for a role that reads several districts, 街道/镇 for any role above a street,
 * and 状态 with the names of the route's statuses. A choice rewrites the URL (a new history entry, so Back
 * returns to the previous view); the list reads its filters from there.
 */
export function ListFilters({
  names,
  statuses,
}: {
  names: readonly FilterName[];
  /** The zh-CN names of the statuses the route's `status` accepts. */
  statuses?: Record<string, string>;
}) {
  const [search, setSearch] = useSearchParams();
  const claims = currentSession()?.claims;
  const ownDistrict = claims?.district_code ?? claims?.street_code?.slice(0, 6);
  const divisions = useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    enabled: names.includes('district') || names.includes('street'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const ids = { district: useId(), street: useId(), status: useId() };
  const set = (name: FilterName, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    // A street outside the district chosen would be refused by the API: the district's choice clears it.
    const street = next.get('street');
    if (name === 'district' && value && street && !street.startsWith(value)) next.delete('street');
    next.delete('cursor');
    setSearch(next);
  };
  const district = search.get('district') ?? ownDistrict;
  const shown = (divisions.data ?? []).filter((d) => !district || d.code === district);
  // One district: its streets; several (a city role choosing none): every street, grouped by its district.
  const streetOptions: SelectProps['options'] =
    shown.length === 1
      ? (shown[0]?.streets ?? []).map((s) => ({ value: s.code, label: s.name }))
      : shown.map((d) => ({
          label: d.name,
          title: d.name,
          options: d.streets.map((s) => ({ value: s.code, label: s.name })),
        }));
  const width = { minWidth: 180 };
  const showDistrict = names.includes('district') && !ownDistrict;
  const showStreet = names.includes('street') && !claims?.street_code;
  const showStatus = names.includes('status') && statuses !== undefined;
  if (!showDistrict && !showStreet && !showStatus) return null;
  return (
    <Form layout="inline" aria-label="筛选" style={{ rowGap: 8 }}>
      {showDistrict && (
        <Form.Item label="区县" htmlFor={ids.district}>
          <Select
            id={ids.district}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部区县"
            style={width}
            value={search.get('district') ?? undefined}
            onChange={(v?: string) => set('district', v)}
            options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
      )}
      {showStreet && (
        <Form.Item label="街道/镇" htmlFor={ids.street}>
          <Select
            id={ids.street}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部街道/镇"
            style={width}
            value={search.get('street') ?? undefined}
            onChange={(v?: string) => set('street', v)}
            options={streetOptions}
          />
        </Form.Item>
      )}
      {showStatus && (
        <Form.Item label="状态" htmlFor={ids.status}>
          <Select
            id={ids.status}
            allowClear
            placeholder="全部状态"
            style={{ minWidth: 140 }}
            value={search.get('status') ?? undefined}
            onChange={(v?: string) => set('status', v)}
            options={Object.entries(statuses).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      )}
    </Form>
  );
}
