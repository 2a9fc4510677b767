import { App as AntApp } from 'antd';
import { Route, Routes } from 'react-router';
import { CONSOLE_PAGES } from './console-pages';
import { ConsoleLayout } from './layouts/ConsoleLayout';
import { Callback } from './pages/account/Callback';
import { Dashboard } from './pages/dashboard/Dashboard';

/**
 * The console's pages under `/console/` (a chunk of its own, loaded on first visit), inside antd's <App> for the
 * message, notification and modal hooks its pages use (`App.useApp()`); the public site has no use for them.
 */
export default function ConsoleRoutes() {
  return (
    <AntApp component={false}>
      <Routes>
        <Route path="callback" element={<Callback />} />
        <Route element={<ConsoleLayout />}>
          <Route index element={<Dashboard />} />
          {CONSOLE_PAGES.map((p) => (
            <Route key={p.path} path={p.path} element={p.element} />
          ))}
        </Route>
      </Routes>
    </AntApp>
  );
}
