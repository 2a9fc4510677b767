import { Button, Layout, Menu, Spin, Typography } from 'antd';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { shown } from '../console-page';
import { CONSOLE_PAGES } from '../console-pages';
import { ROLE_NAMES } from '../services/access';
import { currentSession, logout, onSessionChange, startLogin } from '../services/auth';

const CHOOSE_USER = 'sgz.login.choose';

export const useSession = () => useSyncExternalStore(onSessionChange, currentSession);

/** The console's shell: signs in first (tokens in memory only), then a menu cut to the role. */
export function ConsoleLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  /** Set on signing out: the page is leaving for the public site, not signing in again. */
  const leaving = useRef(false);
  useEffect(() => {
    if (session || leaving.current) return;
    const choose = sessionStorage.getItem(CHOOSE_USER) === '1';
    sessionStorage.removeItem(CHOOSE_USER);
    void startLogin(`${location.pathname}${location.search}`, choose);
  }, [session, location.pathname, location.search]);
  if (!session) {
    return (
      <main style={{ padding: 48, textAlign: 'center' }}>
        <Spin size="large" />
        <p>正在跳转到统一身份认证…</p>
      </main>
    );
  }
  const role = session.claims.groups?.[0] ?? '';
  // The menu: 工作台, then each page the API admits the role to (by the operation the page reads).
  const items = [
    { key: '/console', label: '工作台' },
    ...CONSOLE_PAGES.filter((p) => !p.hidden && shown(p)).map((p) => ({
      key: `/console/${p.path}`,
      label: p.label,
    })),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} width={200} zeroWidthTriggerStyle={{ top: 12 }}>
        <div className="sgz-console-brand">济南市社会工作服务站管理系统</div>
        <nav aria-label="控制台菜单">
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[location.pathname]}
            items={items}
            onClick={(e) => navigate(e.key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            gap: 12,
          }}
        >
          <Typography.Text>
            {session.claims.name ?? session.claims.preferred_username}（{ROLE_NAMES[role] ?? role}）
          </Typography.Text>
          <Button
            onClick={() => {
              leaving.current = true;
              logout();
              // The provider still knows the browser: the next sign-in shows its page again, to pick any user.
              sessionStorage.setItem(CHOOSE_USER, '1');
              window.location.assign('/gs');
            }}
          >
            退出登录
          </Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
