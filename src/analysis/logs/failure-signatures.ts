/**
 * Known failure signatures: patterns that name a failure mechanism unambiguously in real
 * logs (JVM, Python, Node, Go, .NET, PostgreSQL/MySQL drivers, Kubernetes, proxies).
 */

export interface SignatureMatch {
  signature: string;
  description: string;
}

interface Signature extends SignatureMatch {
  pattern: RegExp;
}

const STATUS_CONTEXT = String.raw`(?:status(?: code)?|code|HTTP\/\d(?:\.\d)?|returned|response|responded(?: with)?|got|received|upstream)\W{0,6}`;

const SIGNATURES: readonly Signature[] = [
  {
    signature: 'connection_pool_exhaustion',
    description:
      'No free connection in a client pool (DB or HTTP): acquisition timed out or the server refused more clients',
    pattern:
      /Connection is not available, request timed out|QueuePool limit of size \d+ overflow \d+ reached|too many clients already|remaining connection slots are reserved|too many connections|(?:connection )?pool (?:is )?(?:exhausted|full)|(?:timeout|timed out) (?:while )?(?:waiting for|acquiring|to acquire) (?:a |an idle )?connection|acquiring connection from (?:the )?pool|(?:could not|unable to|failed to) (?:obtain|acquire|get) (?:a |an )?(?:jdbc |database |db |pooled )?connection|Cannot get a connection, pool error|max(?:imum)? (?:number of )?(?:client )?connections? (?:reached|exceeded)|pool timed out|ConnectionPoolTimeoutException/i,
  },
  {
    signature: 'oom',
    description: 'Out of memory: heap exhausted, allocation failed or the container was OOM-killed',
    pattern:
      /OutOfMemoryError|OOMKilled|OOM[- ]?kill|Out of memory: Kill(?:ed)? process|Cannot allocate memory|JavaScript heap out of memory|\bMemoryError\b|runtime: out of memory|std::bad_alloc|memory limit exceeded|\bENOMEM\b|Killed process \d+ .*total-vm/i,
  },
  {
    signature: 'gc_pressure',
    description: 'Garbage collection dominates: GC overhead limit, full GCs or long GC pauses',
    pattern:
      /GC overhead limit exceeded|\bFull GC\b|Pause Full|(?:long|excessive|high) (?:GC|garbage collection) (?:pause|time|activity)|Detected pause in JVM or host machine|GC pause\b[^\n]{0,40}?\b(?:[1-9]\d{3,}(?:\.\d+)?\s?ms|\d+(?:\.\d+)?\s?s)\b|Allocation failure[^\n]{0,40}scavenge might not succeed/i,
  },
  {
    signature: 'timeout',
    description: 'An operation or call timed out',
    pattern:
      /\btimed[ -]?out\b|\btimeout (?:exceeded|expired|error|occurred|waiting|while|after|reached)|\b\w*Timeout(?:Error|Exception)\b|deadline exceeded|DEADLINE_EXCEEDED|\bETIMEDOUT\b|\bESOCKETTIMEDOUT\b|Gateway Time-?out|(?:request|read|connect|connection|socket|operation|query|statement) timeout\b|canceling statement due to statement timeout/i,
  },
  {
    signature: 'connection_refused',
    description: 'The target refused the connection (nothing listening, or it is down)',
    pattern:
      /connection refused|\bECONNREFUSED\b|actively refused|No connection could be made because|Connection refused: connect/i,
  },
  {
    signature: 'connection_reset',
    description: 'An established connection was dropped by the peer',
    pattern:
      /connection reset(?: by peer)?|\bECONNRESET\b|broken pipe|\bEPIPE\b|unexpected EOF|server closed the connection unexpectedly|socket hang up|Connection closed prematurely/i,
  },
  {
    signature: 'tls_error',
    description: 'TLS failed: expired or untrusted certificate, or a failed handshake',
    pattern:
      /certificate (?:has )?expired|certificate is not valid|x509: |certificate signed by unknown authority|unknown (?:certificate )?authority|(?:TLS|SSL) handshake (?:error|failed|failure|timeout)|handshake_failure|SSLHandshakeException|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT|self[- ]signed certificate|certificate verify failed|PKIX path building failed|tls: (?:bad certificate|handshake failure|failed to verify)/i,
  },
  {
    signature: 'dns_failure',
    description: 'A host name could not be resolved',
    pattern:
      /no such host|\bNXDOMAIN\b|\bENOTFOUND\b|\bEAI_AGAIN\b|UnknownHostException|Name or service not known|Temporary failure in name resolution|could not resolve host|nodename nor servname provided|server misbehaving|Name does not resolve|NameResolutionError/i,
  },
  {
    signature: 'disk_full',
    description: 'No disk space left (or the disk quota is used up)',
    pattern:
      /No space left on device|\bENOSPC\b|disk quota exceeded|\bEDQUOT\b|disk (?:is )?full|insufficient disk space|out of disk space|DiskPressure|could not extend file|not enough space on the disk/i,
  },
  {
    signature: 'too_many_open_files',
    description: 'The process ran out of file descriptors',
    pattern: /Too many open files|\bEMFILE\b|\bENFILE\b|file descriptors? (?:limit|exhausted)/i,
  },
  {
    signature: 'deadlock',
    description: 'A deadlock was detected',
    pattern: /deadlock detected|Deadlock found|\bdeadlock(?:ed)?\b|all goroutines are asleep/i,
  },
  {
    signature: 'lock_timeout',
    description: 'Waiting for a lock took too long (contention)',
    pattern:
      /Lock wait timeout exceeded|canceling statement due to lock timeout|could not obtain lock|LockTimeoutException|LockAcquisitionException/i,
  },
  {
    signature: 'rate_limited',
    description: 'Requests were rejected by a rate limit or quota (HTTP 429, throttling)',
    pattern: new RegExp(
      String.raw`${STATUS_CONTEXT}429\b|\b429 Too Many|Too Many Requests|rate[- ]limit(?:ed| exceeded|ing)|\bthrottl(?:ed|ing)\b|ThrottlingException|RequestLimitExceeded|ProvisionedThroughputExceeded|\bSlowDown\b`,
      'i',
    ),
  },
  {
    signature: 'upstream_5xx',
    description: 'A dependency answered 502/503/504 or the proxy found no healthy upstream',
    pattern: new RegExp(
      String.raw`${STATUS_CONTEXT}50[234]\b|\b50[234] (?:Bad Gateway|Service Unavailable|Gateway Time-?out)|Bad Gateway|Service Unavailable|upstream connect error|no healthy upstream|upstream prematurely closed|upstream timed out|UNAVAILABLE:`,
      'i',
    ),
  },
  {
    signature: 'crash_loop',
    description: 'A container keeps crashing and Kubernetes backs off restarting it',
    pattern: /CrashLoopBackOff|Back-off restarting failed container|restarting failed container/i,
  },
  {
    signature: 'auth_failure',
    description: 'Authentication or authorization failed (bad or expired credentials, 401/403)',
    pattern:
      /authentication fail(?:ed|ure)|auth(?:orization)? fail(?:ed|ure)|password authentication failed|\b401 Unauthorized|\bUnauthorized\b|\b403 Forbidden|access denied|permission denied|invalid (?:credentials|token|api[ _-]?key|password|client)|(?:token|credentials?) (?:has |have )?expired|AccessDenied|InvalidClientTokenId|SignatureDoesNotMatch|UNAUTHENTICATED|PERMISSION_DENIED/i,
  },
  {
    signature: 'null_reference',
    description: 'A null/undefined/nil value was dereferenced',
    pattern:
      /NullPointerException|NullReferenceException|Cannot read propert(?:y|ies) of (?:undefined|null)|Cannot set propert(?:y|ies) of (?:undefined|null)|undefined is not an object|null is not an object|'NoneType' object (?:has no attribute|is not subscriptable|is not callable|is not iterable)|nil pointer dereference|Object reference not set to an instance/i,
  },
  {
    signature: 'thread_exhaustion',
    description: 'No worker thread available: the pool is saturated or threads cannot be created',
    pattern:
      /RejectedExecutionException|unable to create (?:new )?native thread|thread pool (?:is )?(?:exhausted|full|saturated)|Thread starvation|max(?:imum)? threads? (?:reached|exceeded)|all threads (?:are )?busy|EAGAIN.*pthread_create/i,
  },
  {
    signature: 'circuit_open',
    description: 'A circuit breaker is open and short-circuits calls',
    pattern:
      /circuit ?breaker (?:is )?(?:open|opened|tripped)|CallNotPermittedException|BrokenCircuitException|circuit (?:is )?open\b|Hystrix circuit short-circuited/i,
  },
  {
    signature: 'stack_overflow',
    description: 'Unbounded recursion exhausted the stack',
    pattern:
      /StackOverflowError|Maximum call stack size exceeded|RecursionError|maximum recursion depth exceeded|goroutine stack exceeds|stack overflow/i,
  },
  {
    signature: 'segfault',
    description: 'The process crashed on a memory access violation',
    pattern: /segmentation fault|\bSIGSEGV\b|core dumped|signal 11\b/i,
  },
  {
    signature: 'probe_failure',
    description: 'A Kubernetes liveness/readiness/startup probe failed',
    pattern: /(?:Liveness|Readiness|Startup) probe (?:failed|errored)/i,
  },
  {
    signature: 'image_pull_failure',
    description: 'A container image could not be pulled',
    pattern: /ImagePullBackOff|ErrImagePull|Failed to pull image|manifest unknown/i,
  },
  {
    signature: 'pod_evicted',
    description: 'A pod was evicted for lack of node resources',
    pattern: /The node was low on resource|\bEvicted\b|evicting pod/i,
  },
  {
    signature: 'schema_mismatch',
    description: 'Code and database schema disagree (missing table/column, often a missing migration)',
    pattern:
      /relation "[^"]+" does not exist|column "[^"]+" (?:of relation "[^"]+" )?does not exist|Unknown column '[^']+'|no such (?:table|column)|UndefinedTable|UndefinedColumn|Table '[^']+' doesn't exist/i,
  },
  {
    signature: 'config_error',
    description: 'Missing or invalid configuration',
    pattern:
      /missing (?:required )?(?:config(?:uration)?|setting|environment variable|env var)|invalid configuration|ConfigurationException|configuration (?:error|invalid)|required (?:config|setting|env(?:ironment)? var(?:iable)?) \S+ (?:is )?(?:missing|not set)/i,
  },
  {
    signature: 'read_only_filesystem',
    description: 'A write hit a read-only file system',
    pattern: /Read-only file system|\bEROFS\b/i,
  },
];

/** Names of every signature `matchSignatures` can report. */
export const FAILURE_SIGNATURES: readonly string[] = SIGNATURES.map((s) => s.signature);

/**
 * Known failure signatures in one message, in the order of the signature table.
 *
 * @example
 * matchSignatures('HikariPool-1 - Connection is not available, request timed out after 30000ms.');
 * // [{ signature: 'connection_pool_exhaustion', ... }, { signature: 'timeout', ... }]
 */
export function matchSignatures(message: string): SignatureMatch[] {
  if (typeof message !== 'string' || message === '') return [];
  const text = message.length > 65_536 ? message.slice(0, 65_536) : message;
  const matches: SignatureMatch[] = [];
  for (const { signature, description, pattern } of SIGNATURES) {
    if (pattern.test(text)) matches.push({ signature, description });
  }
  return matches;
}
