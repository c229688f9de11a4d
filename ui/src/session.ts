/**
 * What every page needs: the API client, who is logged in, the resolved theme and its
 * palette, and how to report that the token was refused (back to the login screen).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.js';
import type { Me } from './api/types.js';
import type { Palette, Theme } from './lib/theme.js';

export interface Session {
  client: ApiClient;
  me: Me;
  theme: Theme;
  palette: Palette;
  onUnauthorized: (message: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside of a SessionContext provider');
  return session;
}

export const TOKEN_KEY = 'afr.token';

export function canApprove(me: Me): boolean {
  return me.role === 'approver' || me.role === 'admin';
}
