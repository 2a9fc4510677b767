import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { components } from '../../services/api';

export type Evaluation = components['schemas']['Evaluation'];

/** The one cache entry of an evaluation: the page reads it, and every change the API answers replaces it. */
export const evaluationKey = (id: string) => ['GET /evaluations/{id}', { id }] as const;

/** Replaces the cached evaluation with the API's answer, and refreshes the list that shows it. */
export function useEvaluationUpdated() {
  const queryClient = useQueryClient();
  return async (after: Evaluation) => {
    queryClient.setQueryData(evaluationKey(after.id), after);
    await queryClient.invalidateQueries({ queryKey: ['GET /evaluations', {}], exact: true });
  };
}

/** Statuses in which the parties may still give or change their scores (the API refuses afterwards). */
export const SCOREABLE: readonly string[] = ['commissioned', 'scoring', 'scored'];

/** A card's title as a heading of the page's outline. */
export const CardTitle = ({ children }: { children: ReactNode }) => (
  <h3 style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>{children}</h3>
);
