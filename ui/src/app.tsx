/**
 * The app shell: login gate, header with navigation, theme toggle and logout, and the
 * hash router that picks the page.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, UnauthorizedError } from './api/client.js';
import type { Me } from './api/types.js';
import { loadCytoscape } from './lib/load-cytoscape.js';
import { parseRoute, type Route } from './lib/route.js';
import {
  nextThemeChoice,
  PALETTES,
  parseThemeChoice,
  resolveTheme,
  THEME_KEY,
  type ThemeChoice,
} from './lib/theme.js';
import { IncidentDetailPage } from './pages/incident-detail.js';
import { IncidentsPage } from './pages/incidents.js';
import { InsightsPage } from './pages/insights.js';
import { LoginPage } from './pages/login.js';
import { SettingsPage } from './pages/settings.js';
import { type Session, SessionContext, TOKEN_KEY } from './session.js';

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function usePrefersDark(): boolean {
  const query = useMemo(() => matchMedia('(prefers-color-scheme: dark)'), []);
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return dark;
}

export function App() {
  const [token, setToken] = useState(() => localStorage.getItem(TOKEN_KEY));
  const [me, setMe] = useState<Me | null>(null);
  const [loginMessage, setLoginMessage] = useState<string | null>(null);
  const [choice, setChoice] = useState<ThemeChoice>(() => parseThemeChoice(localStorage.getItem(THEME_KEY)));
  const theme = resolveTheme(choice, usePrefersDark());
  const route = useHashRoute();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // The graph library loads while the incident's data does.
  useEffect(() => {
    if (route.page === 'incident') void loadCytoscape().catch(() => undefined);
  }, [route.page]);

  const client = useMemo(() => (token ? new ApiClient(token) : null), [token]);

  const logout = useCallback((message: string | null) => {
    localStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setMe(null);
    setLoginMessage(message);
  }, []);

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.me().then(
      (who) => live && setMe(who),
      (err: unknown) => {
        if (!live) return;
        logout(
          err instanceof UnauthorizedError
            ? 'The API token was refused.'
            : `Cannot reach afr: ${String(err)}`,
        );
      },
    );
    return () => {
      live = false;
    };
  }, [client, logout]);

  const login = (newToken: string, who: Me) => {
    localStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
    setMe(who);
    setLoginMessage(null);
  };

  const cycleTheme = () => {
    const next = nextThemeChoice(choice);
    localStorage.setItem(THEME_KEY, next);
    setChoice(next);
  };

  const session: Session | null = useMemo(
    () =>
      client && me
        ? {
            client,
            me,
            theme,
            palette: PALETTES[theme],
            onUnauthorized: () => logout('Your session ended: the API token was refused.'),
          }
        : null,
    [client, me, theme, logout],
  );

  const themeButton = (
    <button
      type="button"
      class="ghost"
      onClick={cycleTheme}
      aria-label={`Colour theme: ${choice}. Switch to ${nextThemeChoice(choice)}`}
      title={`Theme: ${choice}`}
    >
      {choice === 'dark' ? '☾' : choice === 'light' ? '☀' : '◐'} {choice}
    </button>
  );

  if (!token || !session) {
    return (
      <div class="shell">
        <header class="topbar">
          <span class="brand">afr</span>
          <span class="spacer" />
          {themeButton}
        </header>
        {token && !loginMessage ? (
          <main class="page">
            <p class="muted">Connecting…</p>
          </main>
        ) : (
          <LoginPage message={loginMessage} onLogin={login} />
        )}
      </div>
    );
  }

  const current = route.page === 'incident' ? 'incidents' : route.page;
  const nav = (page: Route['page'], label: string) => (
    <a
      href={`#/${page}`}
      class={current === page ? 'active' : ''}
      aria-current={current === page ? 'page' : undefined}
    >
      {label}
    </a>
  );

  return (
    <SessionContext.Provider value={session}>
      <div class="shell">
        <header class="topbar">
          <span class="brand" title="Autonomous First Responder">
            afr
          </span>
          <nav aria-label="Main">
            {nav('incidents', 'Incidents')}
            {nav('insights', 'Insights')}
            {nav('settings', 'Settings')}
          </nav>
          <span class="spacer" />
          <span class="who" title={`Signed in as ${me?.name} (${me?.role})`}>
            {me?.name} · <span class="role">{me?.role}</span>
          </span>
          {themeButton}
          <button
            type="button"
            class="ghost"
            onClick={() => logout(null)}
            aria-label="Log out and forget the API token"
          >
            Log out
          </button>
        </header>
        <main class="page">
          {route.page === 'incidents' && (
            <IncidentsPage filters={route.filters} offset={route.offset} limit={route.limit} />
          )}
          {route.page === 'incident' && <IncidentDetailPage id={route.id} />}
          {route.page === 'insights' && <InsightsPage />}
          {route.page === 'settings' && <SettingsPage />}
        </main>
      </div>
    </SessionContext.Provider>
  );
}
