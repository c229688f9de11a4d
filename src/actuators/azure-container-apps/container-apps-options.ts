/**
 * Settings of the Azure Container Apps actuator (`actuator.backend: azure_container_apps`,
 * under `integrations.azure_container_apps`): the ARM endpoint and api-version, the
 * subscription and resource group, how an afr service maps to a container app, where the
 * bearer token comes from, and the safety rails. ARM has no dry run for these writes, so
 * with `dry_run: true` (the default) afr reads the app and reports the exact requests,
 * sending none.
 *
 * Azure RBAC on the apps (or their resource group): `Microsoft.App/containerApps/read`,
 * `Microsoft.App/containerApps/write`, `Microsoft.App/containerApps/revisions/read`,
 * `Microsoft.App/containerApps/revisions/activate/action`,
 * `Microsoft.App/containerApps/revisions/deactivate/action` (the built-in Contributor role
 * has them all).
 */
import { z } from 'zod';

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._()-]{0,89}$/, 'expected an Azure resource name');

export const ContainerAppsOptionsSchema = z.object({
  /** The Azure Resource Manager endpoint (another cloud, a proxy, a test server). */
  base_url: z.url().default('https://management.azure.com'),
  /** The Microsoft.App api-version sent with every request. */
  api_version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'expected an api-version such as 2024-03-01')
    .default('2024-03-01'),
  subscription_id: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'expected a subscription id (a GUID)'),
  /** The resource group of an app mapped without one. */
  resource_group: Name,
  /** afr service → `resource-group/app` or `app`; else the afr service name in `resource_group`. */
  apps: z.record(z.string(), z.string().min(1)).default({}),
  /** A bearer token for ARM; read from the environment variable `token_env` when absent. */
  token: z.string().min(1).optional(),
  /** The environment variable holding a bearer token (read at each call, so it can be refreshed). */
  token_env: z.string().min(1).default('AZURE_ACCESS_TOKEN'),
  /** Get tokens from the managed identity endpoint (IMDS) instead, when no token is set. */
  managed_identity: z
    .object({
      enabled: z.boolean().default(false),
      endpoint: z.url().default('http://169.254.169.254/metadata/identity/oauth2/token'),
      /** A user-assigned identity's client id; the system-assigned identity when absent. */
      client_id: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Only read the app and report the requests that would be sent. */
  dry_run: z.boolean().default(true),
  /** Whole budget of one actuator call, long-running operations included. */
  timeout_ms: z.number().int().positive().default(60_000),
  /** Wait between polls of a long-running operation (202 Accepted). */
  poll_interval_ms: z.number().int().positive().default(2_000),
  /** Extra attempts of a read on 429 and 5xx (writes are sent once). */
  retries: z.number().int().min(0).max(5).default(2),
});

export type ContainerAppsOptions = z.output<typeof ContainerAppsOptionsSchema>;
export type ContainerAppsOptionsInput = z.input<typeof ContainerAppsOptionsSchema>;
