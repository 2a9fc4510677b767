import type { ConsolePage } from '../../console-page';
import { EvaluationDetail } from './EvaluationDetail';
import { Evaluations } from './Evaluations';
import { Objections } from './Objections';

/** 评估: score entry by the third-party evaluator, confirmation, publicity and objections. */
export const pages: readonly ConsolePage[] = [
  {
    path: 'evaluations',
    label: '评估',
    operation: 'GET /evaluations',
    element: <Evaluations />,
    section: <Evaluations compact />,
  },
  {
    path: 'evaluations/:id',
    label: '评估详情',
    operation: 'GET /evaluations/{id}',
    element: <EvaluationDetail />,
    hidden: true,
  },
  {
    path: 'objections',
    label: '公示异议',
    operation: 'GET /objections',
    element: <Objections />,
    section: <Objections compact />,
  },
];
