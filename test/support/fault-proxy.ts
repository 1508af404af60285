// A fault-injecting HTTP proxy in front of moto for the reliability tests and the benchmark: adds a
// fixed latency, answers some calls with throttling or 5xx errors in each service's wire format, or
// drops the connection before or after moto acted, and counts every call by `service:action`.
// Plain node:http, no test framework: usable from vitest and from a `tsx` script alike.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  actionOf,
  errorResponse,
  type Service,
  serverError,
  serviceOf,
  throttleError,
  type WireError,
  type WireResponse,
} from './aws-wire.js';

export type { Service, WireError } from './aws-wire.js';

/** Probabilities in [0, 1] per request; their sum is capped at 1 (one draw decides among them). */
export interface FaultRates {
  /** EC2 `RequestLimitExceeded` 503, query-protocol `Throttling` 400, S3 `SlowDown` 503, JSON `ThrottlingException` 400. */
  throttle?: number;
  /** `InternalError` (EC2, S3) or `InternalFailure` (the others), HTTP 500. */
  serverError?: number;
  /** Close the client's connection without forwarding: moto never sees the call. */
  dropBefore?: number;
  /** Forward, let moto act, then close the client's connection without answering: the answer is lost. */
  dropAfter?: number;
}

/** The same rates for every service, or rates per service (services not named get none). */
export type FaultConfig = FaultRates | Partial<Record<Service, FaultRates>>;

export type FaultKind =
  | 'throttle'
  | 'serverError'
  | 'dropBefore'
  | 'dropAfter'
  | 'hang'
  | 'error'
  | 'answer'
  | 'delay';

/** What a rule's `match` sees. `body` and `params` are there for every service but S3 (whose bodies stream). */
export interface ProxiedRequest {
  service: string;
  action: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Form parameters of a query-protocol call (`Action`, `CidrBlock`, ...). */
  params?: URLSearchParams;
  body?: string;
}

export interface FaultRule {
  /** SigV4 signing name, e.g. `ec2`, `iam`, `elasticloadbalancing`. */
  service?: string;
  /** Operation name, e.g. `RunInstances`. */
  action?: string;
  match?: (request: ProxiedRequest) => boolean;
  /**
   * A custom error (in the service's wire format), one of the built-in fault kinds, or `hang`: the
   * request is read and never answered (an endpoint that paused), until the proxy stops.
   */
  error?: WireError | RateKind | 'hang';
  /** Instead of an error, an answer of the proxy's own (a call moto does not implement). */
  answer?: (request: ProxiedRequest) => WireResponse;
  /**
   * Instead of an error, moto gets the request this late, whether or not the client still waits:
   * AWS acting on a call its caller gave up on. Not for S3, whose bodies stream.
   */
  delayMs?: number;
  /** How many matching requests it faults; afterwards it no longer matches. Default: all of them. */
  times?: number;
}

/** One request that reached the proxy, in arrival order. */
export interface ProxyRecord {
  /** 1-based arrival number since the last resetCounts(). */
  seq: number;
  service: string;
  action: string;
  /** `service:action`, the key of counts(). */
  key: string;
  /** Form parameters of a query-protocol call (`GroupId`, ...), to tell apart calls of one action. */
  params?: URLSearchParams;
  /** Latency added to this request, in milliseconds. */
  latencyMs: number;
  fault?: FaultKind;
  /** The error code sent back, for `throttle`, `serverError` and `error`. */
  code?: string;
  /** performance.now() when the request arrived, and when its answer was sent (or the socket closed). */
  arrivedAt: number;
  answeredAt?: number;
}

export interface FaultProxyOptions {
  /** The moto URL, e.g. http://127.0.0.1:40123. */
  target: string;
  /** Seed of the fault draws (default 1): same seed + same request order = same faults. */
  seed?: number;
  latencyMs?: number;
  faults?: FaultConfig;
  rules?: FaultRule[];
}

export interface FaultProxy {
  /** Point clients here (`endpoint`), e.g. http://127.0.0.1:40999. */
  readonly url: string;
  /** Requests per `service:action` (e.g. `ec2:RunInstances`), retries included. */
  counts(): Record<string, number>;
  /** Faulted requests per `service:action`. */
  faultCounts(): Record<string, number>;
  totalCount(): number;
  /** Every request since the last reset, in arrival order, with its latency and fault. */
  records(): readonly ProxyRecord[];
  /** Clears counts and records (not the rules, rates or the seed's draw sequence). */
  resetCounts(): void;
  setLatency(ms: number): void;
  setFaults(faults: FaultConfig | undefined): void;
  addRule(rule: FaultRule): void;
  clearRules(): void;
  /** Resolves once moto has had every request the proxy received (a delayed one included). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

const RATE_KEYS = ['throttle', 'serverError', 'dropBefore', 'dropAfter'] as const;
export type RateKind = (typeof RATE_KEYS)[number];

// Connection-level headers belong to one hop; `expect` is answered by this proxy's server.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'transfer-encoding',
]);

/** mulberry32: small, fast and good enough to decide faults reproducibly. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ratesFor(config: FaultConfig | undefined, service: string): FaultRates {
  if (!config) return {};
  if (RATE_KEYS.some((key) => key in config)) return config as FaultRates;
  return (config as Partial<Record<string, FaultRates>>)[service] ?? {};
}

function pickByRate(rates: FaultRates, draw: number): RateKind | undefined {
  let threshold = 0;
  for (const kind of RATE_KEYS) {
    threshold += rates[kind] ?? 0;
    if (draw < threshold) return kind;
  }
  return undefined;
}

function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) result[name] = value;
  }
  return result;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Decision =
  | { kind: 'answer'; response: WireResponse }
  | { kind: 'delay'; ms: number }
  | { kind: 'dropBefore' | 'dropAfter' | 'hang' }
  | { kind: 'throttle' | 'serverError' | 'error'; error: WireError };

function decisionFor(kind: RateKind | 'hang' | WireError, service: string): Decision {
  if (typeof kind !== 'string') return { kind: 'error', error: kind };
  if (kind === 'throttle') return { kind, error: throttleError(service) };
  if (kind === 'serverError') return { kind, error: serverError(service) };
  return { kind };
}

/**
 * How many round trips deep the recorded calls were: a call is one trip deeper than the deepest call
 * answered before it arrived. Calls made side by side share a trip, however many there are; a call
 * that waited for another's answer is a trip deeper. Counted from the order of events, not from
 * durations, so a loaded machine changes the count only if it delays a call for longer than the
 * proxy's added latency.
 */
export function roundTripsDeep(records: readonly ProxyRecord[]): number {
  const depth = new Map<ProxyRecord, number>();
  for (const record of [...records].sort((a, b) => a.arrivedAt - b.arrivedAt)) {
    let before = 0;
    for (const [earlier, trips] of depth) {
      if (earlier.answeredAt !== undefined && earlier.answeredAt <= record.arrivedAt)
        before = Math.max(before, trips);
    }
    depth.set(record, before + 1);
  }
  return Math.max(0, ...depth.values());
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const upstreamAgent = new Agent({ keepAlive: true });
  const random = mulberry32(options.seed ?? 1);
  let latencyMs = options.latencyMs ?? 0;
  let faults = options.faults;
  let rules: { rule: FaultRule; remaining: number }[] = [];
  let counts = new Map<string, number>();
  let faulted = new Map<string, number>();
  let records: ProxyRecord[] = [];

  const addRule = (rule: FaultRule) =>
    rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });

  for (const rule of options.rules ?? []) addRule(rule);

  function decide(request: ProxiedRequest): Decision | undefined {
    // One draw per request, whether or not it is used, so the i-th request always gets the i-th draw.
    const draw = random();
    for (const entry of rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.service !== undefined && rule.service !== request.service) continue;
      if (rule.action !== undefined && rule.action !== request.action) continue;
      if (rule.match && !rule.match(request)) continue;
      entry.remaining -= 1;
      if (rule.answer) return { kind: 'answer', response: rule.answer(request) };
      if (rule.delayMs !== undefined) return { kind: 'delay', ms: rule.delayMs };
      if (!rule.error) throw new Error('a fault rule needs an error, an answer or a delay');
      return decisionFor(rule.error, request.service);
    }
    const kind = pickByRate(ratesFor(faults, request.service), draw);
    return kind ? decisionFor(kind, request.service) : undefined;
  }

  /** Forwards to moto; resolves with moto's response (not yet read). */
  function forward(
    incoming: IncomingMessage,
    path: string,
    body: Buffer | undefined,
  ): Promise<IncomingMessage> {
    const headers = withoutHopByHop(incoming.headers);
    if (body) headers['content-length'] = String(body.length);
    else if (incoming.headers['transfer-encoding']) headers['transfer-encoding'] = 'chunked';
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: incoming.method,
          path,
          headers,
          agent: upstreamAgent,
        },
        resolve,
      );
      upstream.on('error', reject);
      if (body) upstream.end(body);
      else incoming.pipe(upstream);
    });
  }

  function relay(upstream: IncomingMessage, response: ServerResponse): void {
    response.writeHead(upstream.statusCode ?? 502, withoutHopByHop(upstream.headers));
    // A broken answer from moto breaks the client's answer too, and a client gone stops the relay.
    upstream.on('error', () => response.destroy());
    response.on('close', () => upstream.destroy());
    upstream.pipe(response);
  }

  function answerWith(response: ServerResponse, service: string, error: WireError): void {
    const wire = errorResponse(service, error);
    response.writeHead(wire.status, { ...wire.headers, 'content-length': Buffer.byteLength(wire.body) });
    response.end(wire.body);
  }

  function badGateway(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const text = `fault-proxy: moto unreachable: ${(error as Error).message}`;
    response.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = incoming.url ?? '/';
    const url = new URL(path, 'http://proxy.invalid');
    // moto's own API (reset, data.json, ...) is never delayed, faulted or counted.
    if (url.pathname === '/moto-api' || url.pathname.startsWith('/moto-api/')) {
      relay(await forward(incoming, path, undefined), response);
      return;
    }
    const method = incoming.method ?? 'GET';
    const service = serviceOf(incoming.headers, url.searchParams);
    // S3 bodies (objects, possibly aws-chunked) stream through; the others are small: buffer them
    // to find the query protocols' `Action`.
    const body = service === 's3' ? undefined : await readBody(incoming);
    const text = body?.toString('utf8');
    const isForm = String(incoming.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    const params = text !== undefined && isForm ? new URLSearchParams(text) : undefined;
    const request: ProxiedRequest = {
      service,
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      action: actionOf({
        service,
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        form: params,
      }),
      ...(params ? { params } : {}),
      ...(text !== undefined ? { body: text } : {}),
    };
    const key = `${service}:${request.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const decision = decide(request);
    const record: ProxyRecord = {
      seq: records.length + 1,
      service,
      action: request.action,
      key,
      ...(params ? { params } : {}),
      latencyMs,
      arrivedAt: performance.now(),
    };
    records.push(record);
    response.once('close', () => {
      record.answeredAt = performance.now();
    });
    if (decision) {
      record.fault = decision.kind;
      faulted.set(key, (faulted.get(key) ?? 0) + 1);
    }
    if (record.latencyMs > 0) await sleep(record.latencyMs);

    if (!decision) {
      relay(await forward(incoming, path, body), response);
      return;
    }
    switch (decision.kind) {
      case 'dropBefore':
        incoming.socket.destroy();
        return;
      case 'hang':
        // Never answered: the client's deadline, or the proxy's stop, ends it.
        return;
      case 'delay': {
        await sleep(decision.ms);
        const upstream = await forward(incoming, path, body);
        // A client that gave up meanwhile gets nothing; moto has acted all the same.
        if (response.destroyed) upstream.resume();
        else relay(upstream, response);
        return;
      }
      case 'answer': {
        const { response: wire } = decision;
        response.writeHead(wire.status, { ...wire.headers, 'content-length': Buffer.byteLength(wire.body) });
        response.end(wire.body);
        return;
      }
      case 'dropAfter': {
        const upstream = await forward(incoming, path, body);
        await readBody(upstream);
        incoming.socket.destroy();
        return;
      }
      default:
        record.code = decision.error.code;
        // An unread streamed body would otherwise stay in the socket.
        if (!body) incoming.resume();
        answerWith(response, service, decision.error);
    }
  }

  let handling = 0;
  let onDrained: (() => void)[] = [];
  const server: Server = createServer((incoming, response) => {
    incoming.on('error', () => {});
    response.on('error', () => {});
    handling += 1;
    handle(incoming, response)
      .catch((error: unknown) => badGateway(response, error))
      .finally(() => {
        handling -= 1;
        if (handling > 0) return;
        for (const resolve of onDrained) resolve();
        onDrained = [];
      });
  });
  // Longer than the SDK keeps an idle socket, so the proxy never closes one the SDK is about to reuse.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(counts),
    faultCounts: () => Object.fromEntries(faulted),
    totalCount: () => records.length,
    records: () => records.map((record) => ({ ...record })),
    resetCounts() {
      counts = new Map();
      faulted = new Map();
      records = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setFaults(config) {
      faults = config;
    },
    addRule,
    clearRules() {
      rules = [];
    },
    drained() {
      return handling === 0 ? Promise.resolve() : new Promise((resolve) => onDrained.push(resolve));
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        upstreamAgent.destroy();
      });
    },
  };
}
