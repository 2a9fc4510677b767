import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './layouts/PublicLayout';

/** The console is loaded when first opened: a citizen's phone downloads the public site only. */
const ConsoleRoutes = lazy(() => import('./console-routes'));

/**
 * Each public page is loaded with its route, so a phone opening one page downloads that page and what it shares
 * with the others (React, the router, antd's theme), not every page's components: the funds and directory tables
 * (antd's Table with its filter tree, menus and pagination) stay out of the publicity list's first load.
 */
const Home = lazy(() => import('./pages/home/Home').then((m) => ({ default: m.Home })));
const PublicityPage = lazy(() =>
  import('./pages/publicity/PublicityPage').then((m) => ({ default: m.PublicityPage })),
);
const FundsPage = lazy(() => import('./pages/funds/FundsPage').then((m) => ({ default: m.FundsPage })));
const ComplaintsPage = lazy(() =>
  import('./pages/complaints/ComplaintsPage').then((m) => ({ default: m.ComplaintsPage })),
);
const StationDirectory = lazy(() =>
  import('./pages/directory/StationDirectory').then((m) => ({ default: m.StationDirectory })),
);

/** A public page while its code loads: the site's header stays, a spinner only if it takes a moment. */
function PublicPage({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<Spin delay={300} style={{ display: 'block', margin: 48 }} />}>{children}</Suspense>
  );
}

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
        <Route
          index
          element={
            <PublicPage>
              <Home />
            </PublicPage>
          }
        />
        <Route
          path="publicity"
          element={
            <PublicPage>
              <PublicityPage />
            </PublicPage>
          }
        />
        <Route
          path="funds"
          element={
            <PublicPage>
              <FundsPage />
            </PublicPage>
          }
        />
        <Route
          path="complaints"
          element={
            <PublicPage>
              <ComplaintsPage />
            </PublicPage>
          }
        />
        <Route
          path="stations"
          element={
            <PublicPage>
              <StationDirectory />
            </PublicPage>
          }
        />
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
