import { type ListQuery, ListSection } from '../../components/ListSection';
import { STATION_STATUS } from '../../components/labels';
import { StatusTag } from '../../components/StatusTag';
import type { operations } from '../../services/api';
import { api, data } from '../../services/client';

type StationsQuery = NonNullable<operations['listStations']['parameters']['query']>;

/** One page of GET /stations: the filters from the URL go as they are, and the API judges them. */
const stationsPage = (query: ListQuery, cursor: string | undefined, limit: number) =>
  data(
    api.GET('/stations', {
      params: { query: { ...(query as StationsQuery), limit, ...(cursor ? { cursor } : {}) } },
    }),
  );

/** 社工站: the stations the API lets the role read, filtered by 区县, 街道/镇 and 状态 as GET /stations takes them. */
export function Stations({ compact = false }: { compact?: boolean }) {
  return (
    <ListSection
      title="社工站"
      operation="GET /stations"
      page={stationsPage}
      filters={['district', 'street', 'status']}
      statuses={STATION_STATUS}
      compact={compact}
      rowKey="id"
      minWidth={720}
      columns={[
        { title: '标准名称', value: (s) => s.standardName, sortable: true },
        { title: '区县', value: (s) => s.districtName, width: 90, sortable: true },
        { title: '街道/镇', value: (s) => s.streetName, width: 120, sortable: true },
        { title: '地址', value: (s) => s.address },
        {
          title: '状态',
          value: (s) => STATION_STATUS[s.status] ?? s.status,
          render: (s) => (
            <StatusTag color={s.status === 'active' ? 'green' : 'default'}>
              {STATION_STATUS[s.status] ?? s.status}
            </StatusTag>
          ),
          width: 110,
          sortable: true,
        },
        { title: '设立日期', value: (s) => ({ date: s.openedOn }), width: 140, sortable: true },
      ]}
    />
  );
}
