import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { completeLogin } from '../../services/auth';

/** One exchange per callback URL, however often the effect runs. */
let exchanging: { readonly search: string; readonly to: Promise<string> } | undefined;
const exchange = (search: string) => {
  if (exchanging?.search !== search) exchanging = { search, to: completeLogin(search) };
  return exchanging.to;
};

/** Where the identity provider sends the browser back with the code. */
export function Callback() {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let done = false;
    exchange(window.location.search)
      .then((to) => {
        if (!done) navigate(to, { replace: true });
      })
      .catch((e: Error) => setError(e.message));
    return () => {
      done = true;
    };
  }, [navigate]);
  if (error)
    return (
      <Result status="error" title="登录未完成" subTitle={error} extra={<a href="/console">重新登录</a>} />
    );
  return (
    <main style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
      <p>正在登录…</p>
    </main>
  );
}
