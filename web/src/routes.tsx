import { Spin } from 'antd';
import { type ComponentType, lazy, type ReactNode, Suspense, use } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './layouts/PublicLayout';

/** The console is loaded when first opened: a citizen's phone downloads the public site only. */
const ConsoleRoutes = lazy(() => import('./console-routes'));

/**
 * A public page, loaded with its route so that a phone opening one page downloads that page and what it shares
 * with the others (React, the router, antd's theme), not every page's components: the funds and directory tables
 * (antd's Table with its filter tree, menus and pagination) stay out of the publicity list's first load. Once
 * loaded it renders without suspending, so the page a visitor opens, fetched before the first render
 * ({@link preloadPublicPage}), is drawn at once rather than after a spinner.
 */
function publicPage(load: () => Promise<ComponentType>): PageCode {
  let loading: Promise<ComponentType> | undefined;
  let component: ComponentType | undefined;
  return {
    preload: () => {
      loading ??= load().then((loaded) => {
        component = loaded;
        return loaded;
      });
      return loading;
    },
    loaded: () => component,
  };
}

interface PageCode {
  /** Starts loading the page's code (once); resolves with its component. */
  preload(): Promise<ComponentType>;
  /** The component once loaded. */
  loaded(): ComponentType | undefined;
}

/** A page whose code may still be loading: suspends until it is there, unless it already is. */
function LoadedPage({ code }: { code: PageCode }) {
  const Component = code.loaded() ?? use(code.preload());
  return <Component />;
}

const Home = publicPage(() => import('./pages/home/Home').then((m) => m.Home));
const Publicity = publicPage(() => import('./pages/publicity/PublicityPage').then((m) => m.PublicityPage));
const Funds = publicPage(() => import('./pages/funds/FundsPage').then((m) => m.FundsPage));
const Complaints = publicPage(() =>
  import('./pages/complaints/ComplaintsPage').then((m) => m.ComplaintsPage),
);
const Directory = publicPage(() =>
  import('./pages/directory/StationDirectory').then((m) => m.StationDirectory),
);
/** The public pages by their path under `/gs/`. */
const PUBLIC_PAGES: Record<string, PageCode> = {
  '': Home,
  publicity: Publicity,
  funds: Funds,
  complaints: Complaints,
  stations: Directory,
};

/** Fetches the code of the public page at `pathname` (`/gs/publicity`), if it is one; resolves when it is loaded. */
export function preloadPublicPage(pathname: string): Promise<unknown> {
  const match = /^\/gs(?:\/([a-z]*))?\/?$/.exec(pathname);
  const page = match ? PUBLIC_PAGES[match[1] ?? ''] : undefined;
  return page ? page.preload() : Promise.resolve();
}

/**
 * A public page reached by a link within the site while its code loads: the site's header stays, a spinner only if
 * it takes a moment.
 */
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
              <LoadedPage code={Home} />
            </PublicPage>
          }
        />
        <Route
          path="publicity"
          element={
            <PublicPage>
              <LoadedPage code={Publicity} />
            </PublicPage>
          }
        />
        <Route
          path="funds"
          element={
            <PublicPage>
              <LoadedPage code={Funds} />
            </PublicPage>
          }
        />
        <Route
          path="complaints"
          element={
            <PublicPage>
              <LoadedPage code={Complaints} />
            </PublicPage>
          }
        />
        <Route
          path="stations"
          element={
            <PublicPage>
              <LoadedPage code={Directory} />
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
