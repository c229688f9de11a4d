import type { SimEdge, SimService, SimTopology } from './sim-topology.js';

const LIMIT_MB = { java: 2048, python: 1024, node: 1024, go: 512, postgres: 8192, redis: 4096 } as const;

type ServiceSeed = Omit<SimService, 'memory_limit_mb' | 'base_memory_fraction' | 'entry_weight' | 'host'> &
  Partial<Pick<SimService, 'base_memory_fraction' | 'entry_weight'>> & { node: number };

function service(seed: ServiceSeed): SimService {
  const { node, ...rest } = seed;
  return {
    ...rest,
    host: `node-${node}`,
    memory_limit_mb: LIMIT_MB[seed.language],
    base_memory_fraction: seed.base_memory_fraction ?? 0.5,
    entry_weight: seed.entry_weight ?? 0,
  };
}

function edge(from: string, to: string, calls: number, timeoutMs: number, async = false): SimEdge {
  return async
    ? { from, to, calls_per_request: calls, timeout_ms: timeoutMs, async }
    : { from, to, calls_per_request: calls, timeout_ms: timeoutMs };
}

/**
 * The default e-commerce topology: 17 services, a web frontend and a mobile-facing gateway,
 * backends with PostgreSQL pools, a Redis cache and three external providers.
 */
export function shopTopology(): SimTopology {
  const services: SimService[] = [
    service({ name: 'web-frontend', tier: 'frontend', criticality: 'critical', replicas: 4, node: 1,
      language: 'node', base_latency_ms: 25, capacity_rps: 120, entry_weight: 0.7, base_memory_fraction: 0.45,
      operations: ['GET /', 'GET /product/:id', 'GET /cart', 'POST /checkout', 'GET /search'] }),
    service({ name: 'api-gateway', tier: 'gateway', criticality: 'critical', replicas: 4, node: 1,
      language: 'go', base_latency_ms: 6, capacity_rps: 220, entry_weight: 0.3, base_memory_fraction: 0.35,
      operations: ['GET /api/v1/products', 'POST /api/v1/checkout', 'GET /api/v1/cart', 'GET /api/v1/users/me', 'GET /api/v1/search'] }),
    service({ name: 'checkout', tier: 'backend', criticality: 'critical', replicas: 3, node: 2,
      language: 'java', base_latency_ms: 40, capacity_rps: 20, base_memory_fraction: 0.55,
      operations: ['POST /api/v1/checkout', 'GET /api/v1/checkout/:id'] }),
    service({ name: 'catalog', tier: 'backend', criticality: 'high', replicas: 3, node: 3,
      language: 'java', base_latency_ms: 15, capacity_rps: 120, pool_size: 30, pool_hold_ms: 250,
      operations: ['GET /api/v1/products', 'GET /api/v1/products/:id', 'GET /api/v1/categories'] }),
    service({ name: 'cart', tier: 'backend', criticality: 'high', replicas: 2, node: 2,
      language: 'node', base_latency_ms: 8, capacity_rps: 110,
      operations: ['GET /api/v1/cart', 'POST /api/v1/cart/items', 'DELETE /api/v1/cart/items/:id'] }),
    service({ name: 'user-service', tier: 'backend', criticality: 'high', replicas: 2, node: 3,
      language: 'python', base_latency_ms: 12, capacity_rps: 70, pool_size: 25, pool_hold_ms: 400,
      operations: ['GET /api/v1/users/me', 'POST /api/v1/sessions'] }),
    service({ name: 'search', tier: 'backend', criticality: 'medium', replicas: 2, node: 4,
      language: 'go', base_latency_ms: 35, capacity_rps: 60, base_memory_fraction: 0.4,
      operations: ['GET /api/v1/search'] }),
    service({ name: 'payment-service', tier: 'backend', criticality: 'critical', replicas: 2, node: 2,
      language: 'java', base_latency_ms: 30, capacity_rps: 25, pool_size: 20, pool_hold_ms: 700,
      operations: ['POST /api/v1/payments', 'GET /api/v1/payments/:id'] }),
    service({ name: 'inventory', tier: 'backend', criticality: 'high', replicas: 2, node: 4,
      language: 'python', base_latency_ms: 12, capacity_rps: 40, pool_size: 20, pool_hold_ms: 450,
      operations: ['POST /api/v1/reservations', 'GET /api/v1/stock/:sku'] }),
    service({ name: 'order-service', tier: 'backend', criticality: 'high', replicas: 2, node: 3,
      language: 'java', base_latency_ms: 20, capacity_rps: 30, pool_size: 16, pool_hold_ms: 600,
      operations: ['POST /api/v1/orders', 'GET /api/v1/orders/:id'] }),
    service({ name: 'shipping-service', tier: 'backend', criticality: 'medium', replicas: 2, node: 4,
      language: 'python', base_latency_ms: 15, capacity_rps: 30,
      operations: ['POST /api/v1/shipments/quote', 'POST /api/v1/shipments'] }),
    service({ name: 'notification-service', tier: 'backend', criticality: 'low', replicas: 1, node: 4,
      language: 'node', base_latency_ms: 10, capacity_rps: 50,
      operations: ['POST /api/v1/notifications/order-confirmation'] }),
    service({ name: 'postgres', tier: 'database', criticality: 'critical', replicas: 1, node: 5,
      language: 'postgres', base_latency_ms: 3, capacity_rps: 1000, stateful: true, write_fraction: 0.35,
      base_disk_fraction: 0.58, base_memory_fraction: 0.6,
      operations: ['SELECT', 'INSERT', 'UPDATE'] }),
    service({ name: 'redis-cache', tier: 'cache', criticality: 'high', replicas: 1, node: 5,
      language: 'redis', base_latency_ms: 0.6, capacity_rps: 4000, base_memory_fraction: 0.4,
      operations: ['GET', 'SET', 'MGET'] }),
    service({ name: 'payment-provider', tier: 'external', criticality: 'critical', replicas: 1, node: 0,
      language: 'go', base_latency_ms: 180, capacity_rps: 1e6, operations: ['POST /v1/charges'] }),
    service({ name: 'shipping-provider', tier: 'external', criticality: 'medium', replicas: 1, node: 0,
      language: 'go', base_latency_ms: 120, capacity_rps: 1e6, operations: ['POST /rates'] }),
    service({ name: 'email-provider', tier: 'external', criticality: 'low', replicas: 1, node: 0,
      language: 'go', base_latency_ms: 250, capacity_rps: 1e6, operations: ['POST /v3/mail/send'] }),
  ];
  for (const s of services) if (s.tier === 'external') s.host = 'external';
  const edges: SimEdge[] = [
    edge('web-frontend', 'api-gateway', 1.2, 8000),
    edge('api-gateway', 'checkout', 0.06, 10000),
    edge('api-gateway', 'catalog', 0.45, 3000),
    edge('api-gateway', 'cart', 0.2, 3000),
    edge('api-gateway', 'user-service', 0.15, 3000),
    edge('api-gateway', 'search', 0.14, 3000),
    edge('checkout', 'payment-service', 1, 8000),
    edge('checkout', 'cart', 1, 3000),
    edge('checkout', 'inventory', 1.5, 3000),
    edge('checkout', 'order-service', 1, 3000),
    edge('checkout', 'shipping-service', 1, 3000),
    edge('payment-service', 'postgres', 3, 10000),
    edge('payment-service', 'payment-provider', 1, 5000),
    edge('order-service', 'postgres', 4, 10000),
    edge('order-service', 'notification-service', 1, 2000, true),
    edge('inventory', 'postgres', 2, 10000),
    edge('inventory', 'redis-cache', 2, 500),
    edge('catalog', 'redis-cache', 3, 500),
    edge('catalog', 'postgres', 0.3, 10000),
    edge('cart', 'redis-cache', 3, 500),
    edge('user-service', 'postgres', 2, 10000),
    edge('user-service', 'redis-cache', 2, 500),
    edge('search', 'catalog', 1, 3000),
    edge('shipping-service', 'shipping-provider', 1, 4000),
    edge('notification-service', 'email-provider', 1, 10000),
  ];
  return { name: 'shop', entry_rps: 300, services, edges };
}
