import { ConfigProvider } from 'antd';
import { renderToStaticMarkup } from 'react-dom/server';
import { Route, Routes, StaticRouter } from 'react-router';
import { PageIntro, PUBLIC_INTROS, type PublicPath } from './layouts/PageIntro';
import { PublicLayout } from './layouts/PublicLayout';
import { ThemeText } from './layouts/ThemeText';
import { THEME } from './theme';

/** The public pages whose HTML is written at build time (vite.config.ts), each to `<path>/index.html`. */
export const PRERENDERED = Object.keys(PUBLIC_INTROS) as PublicPath[];

/**
 * A public page's HTML as the browser paints it before the script has run: the site's header with the page's link
 * marked current, the page's heading and note, and the place of its list, drawn by the same components the app
 * draws them with (PublicLayout, PageIntro, ThemeText with the theme), so that what the app draws over it once its
 * script has run (main.tsx: createRoot replaces it) is the same header, heading and note, and the list.
 */
export function prerender(path: PublicPath): string {
  return renderToStaticMarkup(
    <ConfigProvider theme={THEME}>
      <ThemeText>
        <StaticRouter location={path}>
          <Routes>
            <Route path="/gs" element={<PublicLayout />}>
              <Route
                path={path === '/gs' ? undefined : path.slice('/gs/'.length)}
                index={path === '/gs'}
                element={
                  <>
                    <PageIntro path={path} />
                    <p className="sgz-page-loading" role="status">
                      正在加载…
                    </p>
                  </>
                }
              />
            </Route>
          </Routes>
        </StaticRouter>
      </ThemeText>
    </ConfigProvider>,
  );
}
