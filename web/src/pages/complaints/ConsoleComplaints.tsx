import { type ListQuery, ListSection } from '../../components/ListSection';
import { COMPLAINT_STATUS } from '../../components/labels';
import { StatusTag } from '../../components/StatusTag';
import { api, data } from '../../services/client';

/**
 * GET /complaints answers the whole list at once (no cursor), masked by the API (ComplaintSummary in the spec):
 * one "page", so sorting covers every row and an export is that one answer. `district` is its one filter.
 */
const complaintsPage = async (query: ListQuery) => ({
  items: (
    await data(
      api.GET('/complaints', { params: { query: query.district ? { district: query.district } : {} } }),
    )
  ).items,
});

/** 投诉: the complaints of the district, with the deadlines the API set (R15.1). */
export function ConsoleComplaints({ compact = false }: { compact?: boolean }) {
  return (
    <ListSection
      title="投诉"
      operation="GET /complaints"
      page={complaintsPage}
      filters={['district']}
      compact={compact}
      rowKey="id"
      minWidth={640}
      columns={[
        { title: '社工站', value: (c) => c.stationName, sortable: true },
        { title: '收到', value: (c) => ({ date: c.receivedOn }), width: 140, sortable: true },
        { title: '受理期限', value: (c) => ({ date: c.acknowledgeBy }), width: 140, sortable: true },
        { title: '办结期限', value: (c) => ({ date: c.resolveBy }), width: 140, sortable: true },
        {
          title: '状态',
          value: (c) => COMPLAINT_STATUS[c.status] ?? c.status,
          render: (c) => <StatusTag>{COMPLAINT_STATUS[c.status] ?? c.status}</StatusTag>,
          width: 140,
          sortable: true,
        },
      ]}
    />
  );
}
