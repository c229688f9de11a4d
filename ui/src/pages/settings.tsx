/** Settings (read-only): the health of each configured connector and of the store. */
import { ErrorNote, Loading } from '../components/badges.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

export function SettingsPage() {
  const { client, me } = useSession();
  const loaded = useLoad(() => client.connectorHealth(), [client]);
  const data = loaded.data;
  return (
    <section aria-labelledby="settings-title">
      <div class="page-head">
        <h1 id="settings-title">Settings</h1>
        <button type="button" class="ghost" onClick={loaded.reload} aria-label="Check connector health again">
          Refresh
        </button>
      </div>
      <p class="muted">
        Read-only. Signed in as {me.name} ({me.role}). Connectors are configured in afr's config file.
      </p>
      {loaded.error && <ErrorNote message={loaded.error} onRetry={loaded.reload} />}
      {!data && !loaded.error && <Loading />}
      {data && (
        <div class="card">
          <h2>Connectors</h2>
          <table class="health">
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {data.connectors.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.kind}</td>
                  <td>
                    <span class={`badge health-${c.status}`}>{c.status}</span>
                  </td>
                  <td class="wrap">{c.detail ?? ''}</td>
                </tr>
              ))}
              <tr>
                <td>store</td>
                <td>{data.store.driver}</td>
                <td>
                  <span class={`badge health-${data.store.ok ? 'ok' : 'error'}`}>
                    {data.store.ok ? 'ok' : 'error'}
                  </span>
                </td>
                <td />
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
