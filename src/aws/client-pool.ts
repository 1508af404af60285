// What every AWS client shares: region, credentials from the SDK's default chain, an optional
// endpoint (a local emulator), adaptive retries, deadlines, and an annotation of every error with
// the IAM action that failed, so AccessDenied messages can name it. Only STS is loaded here: a
// command can ask who the caller is while the other services' clients are still loading (clients.ts).
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { resolveEndpoint } from '../model/endpoint.js';
import {
  type CallReporter,
  currentCallReporter,
  nextCallId,
  noAnswerNoticeMs,
  retryReason,
} from './call-scope.js';
import { iamActionFor, type ServiceName } from './iam-actions.js';

export interface ClientOptions {
  /** The cluster's region; IAM and STS calls use it too (they are global). */
  region: string;
  /** Shared config / SSO profile (`--profile`); otherwise the SDK's default chain decides. */
  profile?: string;
  /** `--endpoint` or AWS_ENDPOINT_URL: every client goes there, S3 with path-style addressing. */
  endpoint?: string;
  /** Attempts per call including the first (AWS_MAX_ATTEMPTS, default 8). */
  maxAttempts?: number;
  /** Sees every call as it is sent: used by tests and the benchmark to count calls. */
  onCall?: (call: ApiCall) => void;
  /** Deadlines of one attempt (default: KUBE_TUI_CONNECT_TIMEOUT_MS / KUBE_TUI_REQUEST_TIMEOUT_MS, else 5 s / 30 s). */
  timeouts?: Partial<Timeouts>;
}

/**
 * Every attempt has a deadline: `connectMs` to open the connection, `requestMs` from sending the
 * request to the end of the answer. A silent endpoint is tried at most `silentAttempts` times per
 * call, then the call fails with "no answer from <endpoint> after N s" (DESIGN.md section 10).
 */
export interface Timeouts {
  connectMs: number;
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, requestMs: 30_000 };
/** Attempts of one call that may time out before it fails as "no answer" (other errors get maxAttempts). */
export const SILENT_ATTEMPTS = 2;

const positiveMs = (value: string | undefined): number | undefined => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
};

export function resolveTimeouts(given: Partial<Timeouts> = {}): Timeouts {
  return {
    connectMs:
      given.connectMs ?? positiveMs(process.env.KUBE_TUI_CONNECT_TIMEOUT_MS) ?? DEFAULT_TIMEOUTS.connectMs,
    requestMs:
      given.requestMs ?? positiveMs(process.env.KUBE_TUI_REQUEST_TIMEOUT_MS) ?? DEFAULT_TIMEOUTS.requestMs,
  };
}

/** A call whose every attempt timed out. Not retryable: its attempts are already spent. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
  constructor(
    readonly endpoint: string,
    readonly elapsedMs: number,
  ) {
    super(`no answer from ${endpoint} after ${Math.max(1, Math.round(elapsedMs / 1000))} s`);
  }
}

/** The handler's own deadlines: the connection timeout and the request timeout both say TimeoutError. */
// The HTTP handler names a reset or broken connection a TimeoutError too: those were answered (by a
// closed socket) and stay ordinary retryable errors; only a deadline that passed counts here.
const CLOSED_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE']);
const isTimeout = (error: unknown) =>
  error instanceof Error &&
  error.name === 'TimeoutError' &&
  !CLOSED_CONNECTION_CODES.has((error as NodeJS.ErrnoException).code ?? '');

export interface ApiCall {
  service: ServiceName;
  action: string;
  region: string;
}

/** An SDK error after our middleware saw it: `iamAction` names what was attempted, e.g. `ec2:RunInstances`. */
export type AnnotatedError = Error & { iamAction?: string; $metadata?: { httpStatusCode?: number } };

const DEFAULT_MAX_ATTEMPTS = 8;

export interface AnyClient {
  middlewareStack: object;
  destroy(): void;
}

interface MiddlewareStack {
  add(
    middleware: unknown,
    options: { step: 'initialize' | 'deserialize'; name: string; priority: 'high' | 'low' },
  ): void;
}

/** One call as its step sees it: the signals it sent, so that it says when it has settled. */
interface ReportedCall {
  id: number;
  action: string;
  report: CallReporter;
  reported: boolean;
}

/** What the per-call middleware shares with the per-attempt one. */
interface CallContext {
  commandName?: string;
  kubeTuiStartedAt?: number;
  kubeTuiTimeouts?: number;
  kubeTuiCall?: ReportedCall;
  kubeTuiAttempts?: number;
  /** Why the previous attempt failed, for the retry signal of the next one. */
  kubeTuiLastFailure?: string;
}

interface HttpRequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

// Each client class accepts its own config type; all of them accept this shape.
export type ClientConstructor<C> = new (config: never) => C;

/** The credential chain one pool's clients share. */
export type Credentials = ReturnType<typeof fromNodeProviderChain>;

export class ClientPool {
  readonly region: string;
  readonly endpoint: string | undefined;
  private readonly cache = new Map<string, AnyClient>();
  readonly credentials: Credentials;
  private readonly maxAttempts: number;
  private readonly timeouts: Timeouts;

  constructor(
    protected readonly options: ClientOptions,
    shared?: { credentials: Credentials },
  ) {
    this.region = options.region;
    this.endpoint = resolveEndpoint(options.endpoint);
    this.credentials =
      shared?.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
    this.maxAttempts = options.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS);
    this.timeouts = resolveTimeouts(options.timeouts);
  }

  /** True when calls go to an AWS-compatible endpoint (the emulator) rather than AWS. */
  get isEmulator(): boolean {
    return this.endpoint !== undefined;
  }

  sts(): STSClient {
    return this.client(STSClient, 'sts', this.region);
  }

  /** Closes the keep-alive sockets so the process can exit promptly. */
  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }

  protected client<C extends AnyClient>(Ctor: ClientConstructor<C>, service: ServiceName, region: string): C {
    const key = `${service}/${region}`;
    const cached = this.cache.get(key);
    if (cached) return cached as C;
    const config = {
      region,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.maxAttempts,
      // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
      requestHandler: {
        connectionTimeout: this.timeouts.connectMs,
        requestTimeout: this.timeouts.requestMs,
        throwOnRequestTimeout: true,
      },
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      ...(service === 's3' && this.endpoint ? { forcePathStyle: true } : {}),
    };
    const client = new Ctor(config as never);
    const onCall = this.options.onCall;
    const stack = client.middlewareStack as MiddlewareStack;
    // A single-attempt client (creates AWS could duplicate) keeps the plain TimeoutError: its caller
    // looks for the resource and retries, which a NoAnswerError would stop.
    const silentAttempts = SILENT_ATTEMPTS;
    const maxAttempts = this.maxAttempts;
    const noticeMs = noAnswerNoticeMs();
    // Inside the retry loop: once a call's attempts have timed out `silentAttempts` times, the
    // error becomes a NoAnswerError, which the SDK does not retry.
    stack.add(
      (next: (args: { request?: HttpRequestLike }) => Promise<unknown>, context: CallContext) =>
        async (args: { request?: HttpRequestLike }) => {
          // Each attempt after the first is a retry the SDK decided on: the step shows it as it runs.
          context.kubeTuiAttempts = (context.kubeTuiAttempts ?? 0) + 1;
          const call = context.kubeTuiCall;
          if (call && context.kubeTuiAttempts > 1) {
            call.reported = true;
            call.report({
              kind: 'retry',
              call: call.id,
              action: call.action,
              attempt: context.kubeTuiAttempts,
              maxAttempts,
              reason: context.kubeTuiLastFailure ?? 'an error',
            });
          }
          try {
            return await next(args);
          } catch (error) {
            if (!isTimeout(error)) throw error;
            context.kubeTuiTimeouts = (context.kubeTuiTimeouts ?? 0) + 1;
            if (context.kubeTuiTimeouts < silentAttempts) throw error;
            throw new NoAnswerError(
              endpointOf(args.request),
              Date.now() - (context.kubeTuiStartedAt ?? Date.now()),
            );
          }
        },
      { step: 'deserialize', name: 'kubeTuiNoAnswer', priority: 'low' },
    );
    // Outside the deserializer, so it sees AWS's error codes (Throttling), not only the transport's
    // (ECONNREFUSED): why an attempt failed, for the retry signal of the next one.
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: CallContext) => async (args: unknown) => {
        try {
          return await next(args);
        } catch (error) {
          context.kubeTuiLastFailure = retryReason(error);
          throw error;
        }
      },
      { step: 'deserialize', name: 'kubeTuiFailureReason', priority: 'high' },
    );
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: CallContext) => async (args: unknown) => {
        const action = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const startedAt = Date.now();
        context.kubeTuiStartedAt = startedAt;
        onCall?.({ service, action, region });
        const call: ReportedCall = {
          id: nextCallId(),
          action: iamActionFor(service, action),
          report: currentCallReporter(),
          reported: false,
        };
        context.kubeTuiCall = call;
        // A call still unanswered says so, and again each time as long, until it has an answer.
        const waiting = setInterval(() => {
          call.reported = true;
          call.report({ kind: 'waiting', call: call.id, action: call.action, since: startedAt });
        }, noticeMs);
        waiting.unref();
        try {
          return await next(args);
        } catch (error) {
          if (error instanceof Error) (error as AnnotatedError).iamAction = iamActionFor(service, action);
          throw error;
        } finally {
          clearInterval(waiting);
          if (call.reported) call.report({ kind: 'settled', call: call.id });
        }
      },
      { step: 'initialize', name: 'kubeTuiAnnotateAction', priority: 'high' },
    );
    this.cache.set(key, client);
    return client;
  }
}

/** `https://ec2.us-west-2.amazonaws.com`, as the request was sent. */
function endpointOf(request: HttpRequestLike | undefined): string {
  if (!request?.hostname) return 'the AWS endpoint';
  const port = request.port ? `:${request.port}` : '';
  return `${request.protocol ?? 'https:'}//${request.hostname}${port}`;
}
