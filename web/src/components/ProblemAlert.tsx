import { Alert } from 'antd';
import { ApiProblem } from '../services/problem';

/** The API's problem (its zh-CN title and detail), or any other failure, as an error alert. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem =
    error instanceof ApiProblem
      ? error
      : new ApiProblem(0, error instanceof Error ? error.message : '出错了，请稍后重试');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={problem.title}
      // The title is always zh-CN; a detail is shown when it is written in Chinese too (some are for developers).
      description={problem.detail && /[\u4e00-\u9fff]/.test(problem.detail) ? problem.detail : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
