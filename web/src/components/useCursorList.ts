import { useInfiniteQuery } from '@tanstack/react-query';

/**
 * A list the API pages with cursors (`nextCursor`), in the one query cache keyed by the route and its query:
 * `items` holds the pages loaded so far, `more()` asks for the next one.
 */
export function useCursorList<T>(
  key: readonly unknown[],
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    loading: query.isLoading,
    error: query.error,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    more: () => void query.fetchNextPage(),
  };
}
