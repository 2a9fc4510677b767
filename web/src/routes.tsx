import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './layouts/PublicLayout';
import { ComplaintsPage } from './pages/complaints/ComplaintsPage';
import { StationDirectory } from './pages/directory/StationDirectory';
import { FundsPage } from './pages/funds/FundsPage';
import { Home } from './pages/home/Home';
import { PublicityPage } from './pages/publicity/PublicityPage';

/** The console is loaded when first opened: a citizen's phone downloads the public site only. */
const ConsoleRoutes = lazy(() => import('./console-routes'));

/**
 * The portal's pages: the public site under `/gs/` (公示, 资金公开, 投诉, 社工站名录) and the console under
 * `/console/`, paths no API route uses, so the server sends every API path to the API and any other page path to
 * this app.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/gs" replace />} />
      <Route path="/gs" element={<PublicLayout />}>
        <Route index element={<Home />} />
        <Route path="publicity" element={<PublicityPage />} />
        <Route path="funds" element={<FundsPage />} />
        <Route path="complaints" element={<ComplaintsPage />} />
        <Route path="stations" element={<StationDirectory />} />
      </Route>
      <Route
        path="/console/*"
        element={
          <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: 48 }} />}>
            <ConsoleRoutes />
          </Suspense>
        }
      />
      <Route path="*" element={<Navigate to="/gs" replace />} />
    </Routes>
  );
}
