import { Button } from 'antd';

/** Loads the next page of a cursor-paged list. */
export function MoreButton({ list }: { list: { hasMore: boolean; loadingMore: boolean; more: () => void } }) {
  if (!list.hasMore) return null;
  return (
    <Button block loading={list.loadingMore} onClick={list.more} style={{ marginTop: 12 }}>
      加载更多
    </Button>
  );
}
