/**
 * Where the ARM bearer token comes from. Follows the Azure documentation "How to use
 * managed identities for Azure resources on an Azure VM to acquire an access token" (GET
 * http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=...
 * with the `Metadata: true` header; answer access_token, expires_on in epoch seconds,
 * resource, token_type Bearer), against a loopback recording server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../connectors/testing/recording-server.js';
import { ArmToken } from './arm-token.js';
import { ContainerAppsOptionsSchema } from './container-apps-options.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const signal = () => AbortSignal.timeout(5_000);
const base = { subscription_id: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345', resource_group: 'rg' };

describe('ArmToken', () => {
  it('prefers the configured token, then the environment variable, read at each call', async () => {
    const env: Record<string, string | undefined> = { ARM_TOKEN: 'from-env-1' };
    const configured = new ArmToken(ContainerAppsOptionsSchema.parse({ ...base, token: 'from-config' }), env);
    expect(await configured.get(signal())).toBe('from-config');
    const fromEnv = new ArmToken(ContainerAppsOptionsSchema.parse({ ...base, token_env: 'ARM_TOKEN' }), env);
    expect(await fromEnv.get(signal())).toBe('from-env-1');
    env.ARM_TOKEN = 'from-env-2';
    expect(await fromEnv.get(signal())).toBe('from-env-2');
  });

  it('asks the managed identity endpoint and caches the token until shortly before it expires', async () => {
    let issued = 0;
    server = await startRecordingServer(() => {
      issued += 1;
      return {
        body: {
          access_token: `eyJ0eXAi.token-${issued}`,
          refresh_token: '',
          expires_in: '3599',
          expires_on: '1714568400',
          not_before: '1714564800',
          resource: 'https://management.azure.com/',
          token_type: 'Bearer',
        },
      };
    });
    let now = 1714564800;
    const options = ContainerAppsOptionsSchema.parse({
      ...base,
      managed_identity: {
        enabled: true,
        endpoint: `${server.url}/metadata/identity/oauth2/token`,
        client_id: '7a4b5c6d-0000-4000-8000-000000000001',
      },
    });
    const token = new ArmToken(options, {}, () => now);
    expect(await token.get(signal())).toBe('eyJ0eXAi.token-1');
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/metadata/identity/oauth2/token');
    expect(request.headers.metadata).toBe('true');
    expect(Object.fromEntries(request.query)).toEqual({
      'api-version': '2018-02-01',
      resource: 'https://management.azure.com/',
      client_id: '7a4b5c6d-0000-4000-8000-000000000001',
    });
    now += 3000;
    expect(await token.get(signal())).toBe('eyJ0eXAi.token-1');
    expect(server.requests).toHaveLength(1);
    now += 400;
    expect(await token.get(signal())).toBe('eyJ0eXAi.token-2');
    expect(server.requests).toHaveLength(2);
  });

  it('refuses an identity answer without a token', async () => {
    server = await startRecordingServer(() => ({ body: { error: 'invalid_request' } }));
    const options = ContainerAppsOptionsSchema.parse({
      ...base,
      managed_identity: { enabled: true, endpoint: `${server.url}/metadata/identity/oauth2/token` },
    });
    await expect(new ArmToken(options, {}).get(signal())).rejects.toThrow(
      'the managed identity endpoint answered without access_token and expires_on',
    );
  });
});
