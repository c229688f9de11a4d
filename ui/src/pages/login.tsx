/** The login screen: asks for an API token, checks it with GET /me, and hands it to the app. */
import { useState } from 'preact/hooks';
import { ApiClient, UnauthorizedError } from '../api/client.js';
import type { Me } from '../api/types.js';

export function LoginPage(props: { message: string | null; onLogin: (token: string, me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Enter an API token.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await new ApiClient(value).me();
      props.onLogin(value, me);
    } catch (err) {
      setError(
        err instanceof UnauthorizedError ? 'That token was refused.' : `Cannot reach afr: ${String(err)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="page login">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to afr</h1>
        <p class="muted">
          Paste the API token your afr administrator gave you. It is kept in this browser only.
        </p>
        {props.message && (
          <p class="notice" role="status">
            {props.message}
          </p>
        )}
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          required
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy} aria-label="Sign in with this API token">
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
