/**
 * Word lists for random topologies: business domains become service names and HTTP routes,
 * so a generated graph reads like a real company's services, not `svc-17`.
 */

/** Business domains a backend can own (plural resource nouns, used in routes too). */
export const DOMAINS = [
  'orders',
  'payments',
  'ledger',
  'pricing',
  'inventory',
  'catalog',
  'cart',
  'checkout',
  'users',
  'accounts',
  'auth',
  'sessions',
  'search',
  'recommendations',
  'reviews',
  'shipping',
  'fulfillment',
  'returns',
  'invoices',
  'billing',
  'tax',
  'promotions',
  'coupons',
  'loyalty',
  'notifications',
  'wishlist',
  'profiles',
  'fraud',
  'risk',
  'quotes',
  'subscriptions',
  'media',
  'content',
  'analytics',
  'audit',
  'geo',
  'stores',
  'warehouse',
  'rates',
  'refunds',
  'identity',
  'currency',
  'settlements',
  'disputes',
  'merchants',
  'partners',
  'delivery',
  'tracking',
  'labels',
  'ratings',
  'feeds',
  'reporting',
  'exports',
  'documents',
  'contracts',
  'customers',
  'bookings',
  'availability',
  'gift-cards',
  'bundles',
  'assortment',
  'carriers',
  'consents',
  'preferences',
  'entitlements',
  'payouts',
  'receipts',
  'translations',
] as const;

/** How a team names its service after its domain. */
export const SERVICE_SUFFIXES = ['-api', '-svc', '-service', '', '-core'] as const;

export const FRONTEND_NAMES = ['web-frontend', 'storefront', 'web-app', 'portal-web', 'shop-ui'] as const;

export const FRONTEND_ROUTES = [
  'GET /',
  'GET /product/:id',
  'GET /account',
  'GET /cart',
  'POST /checkout',
  'GET /search',
  'GET /orders/:id',
] as const;

/** The first gateway takes browser traffic through the frontend, a second one mobile/partner traffic. */
export const GATEWAY_NAMES = [
  ['api-gateway', 'edge-gateway', 'public-api'],
  ['mobile-gateway', 'partner-api', 'graphql-gateway', 'bff-mobile'],
] as const;

export const DATABASE_SUFFIXES = ['-db', '-pg', '-postgres'] as const;
export const CACHE_NAMES = ['redis-cache', 'session-redis', 'redis-main', 'hot-cache', 'redis-lru'] as const;
export const QUEUE_NAMES = ['events-queue', 'jobs-queue', 'task-broker', 'outbox-queue'] as const;
export const WORKER_SUFFIXES = ['-worker', '-consumer', '-jobs'] as const;

/** Third-party APIs: name, route, own latency (ms) and how much the business depends on it. */
export const PROVIDERS = [
  { name: 'payment-provider', route: 'POST /v1/charges', latency: 180, criticality: 'critical' },
  { name: 'card-processor', route: 'POST /v2/authorizations', latency: 220, criticality: 'critical' },
  { name: 'email-provider', route: 'POST /v3/mail/send', latency: 250, criticality: 'low' },
  { name: 'sms-provider', route: 'POST /2010-04-01/Messages', latency: 200, criticality: 'low' },
  { name: 'shipping-carrier', route: 'POST /rates', latency: 120, criticality: 'medium' },
  { name: 'fx-rates-provider', route: 'GET /latest', latency: 90, criticality: 'medium' },
  { name: 'tax-provider', route: 'POST /v1/transactions/calculate', latency: 150, criticality: 'high' },
  { name: 'geocoding-provider', route: 'GET /geocode/json', latency: 110, criticality: 'medium' },
  { name: 'identity-verification', route: 'POST /v1/checks', latency: 300, criticality: 'high' },
  { name: 'fraud-scoring-provider', route: 'POST /v1/score', latency: 140, criticality: 'high' },
] as const;

/** Domains whose outage stops revenue: their services are critical. */
export const CRITICAL_DOMAINS = new Set([
  'orders',
  'payments',
  'ledger',
  'checkout',
  'auth',
  'billing',
  'settlements',
  'payouts',
  'identity',
]);

/** REST routes of a domain service (2-3 of them). */
export function domainRoutes(domain: string, count: number): string[] {
  const base = `/api/v1/${domain}`;
  const all = [`GET ${base}`, `GET ${base}/:id`, `POST ${base}`, `PUT ${base}/:id`];
  return all.slice(0, Math.max(1, Math.min(all.length, count)));
}
