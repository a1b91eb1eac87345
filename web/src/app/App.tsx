import { Suspense } from 'react';
import { SessionProvider, useSession } from '../auth/session.js';
import { I18nProvider, useT } from '../i18n/i18n.js';
import { NotificationStreamProvider } from '../live/notification-stream.js';
import { Link, RouteParams, Router, matchPath, useRoute } from './router.js';
import { appRoutes } from './routes.js';
import type { AppRoute } from './app-route.js';
import { Layout } from './Layout.js';
import { Spinner } from '../ui/Loading.js';

/** The route for a path; a literal segment beats a parameter (`/bookings/new` over `/bookings/:id`). */
export function resolveRoute(routes: AppRoute[], path: string): { route: AppRoute; params: Record<string, string> } | undefined {
  const matches = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params, score: Object.keys(params).length }] : [];
  });
  matches.sort((a, b) => a.score - b.score);
  return matches[0];
}

function CurrentPage() {
  const { path } = useRoute();
  const session = useSession();
  const t = useT();
  const found = resolveRoute(appRoutes, path);
  if (!found)
    return (
      <section>
        <h1>{t('app.notFound')}</h1>
        <Link to="/">{t('app.home')}</Link>
      </section>
    );
  const { route, params } = found;
  if ((route.auth || route.permissions) && session.user === undefined) return <Spinner />;
  if ((route.auth || route.permissions) && !session.user)
    return (
      <section>
        <h1>{t('app.needSignIn')}</h1>
        <Link to={`/sign-in?next=${encodeURIComponent(path + window.location.search)}`}>{t('app.signIn')}</Link>
      </section>
    );
  if (route.permissions && !route.permissions.some((p) => session.can(p)))
    return (
      <section>
        <h1>{t('app.forbidden')}</h1>
      </section>
    );
  const Page = route.page;
  return (
    <RouteParams params={params}>
      <Suspense fallback={<Spinner />}>
        <Page />
      </Suspense>
    </RouteParams>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Router>
        <SessionProvider>
          <NotificationStreamProvider>
            <Layout>
              <CurrentPage />
            </Layout>
          </NotificationStreamProvider>
        </SessionProvider>
      </Router>
    </I18nProvider>
  );
}
