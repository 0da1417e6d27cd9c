// One vocabulary for everything that goes wrong talking to WorkOS: the reasons, their
// classification from whatever the SDK or the network threw (which also drives the retry policy),
// and their wording, long for catalog state and CLI errors, short for an access check's result.
// No message ever carries the API key.

import { redactKeyShapes, redactSecret } from '../redact';
import { CancelledError, RetriesExhausted, type RetryDecision } from './retry';

export type ApiFailureReason =
  | 'unauthorized'
  | 'forbidden'
  | 'network'
  | 'rate-limited'
  | 'timeout'
  | 'server'
  | 'malformed'
  | 'cursor-loop'
  | 'cancelled'
  | 'no-key';

/** A WorkOS call that failed. `message` says what to do about it, in words a user can act on. */
export class WorkosApiError extends Error {
  readonly reason: ApiFailureReason;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The request that failed, e.g. `GET /authorization/permissions`; never carries the key. */
  readonly request?: string;

  constructor(reason: ApiFailureReason, message: string, extra: { status?: number; request?: string } = {}) {
    super(message);
    this.name = 'WorkosApiError';
    this.reason = reason;
    this.status = extra.status;
    this.request = extra.request;
  }
}

/** What a message about a failed call needs to know. */
export interface ApiCallContext {
  /** `host` or `host:port`, as users see it. */
  host: string;
  timeoutMs?: number;
  apiKey: string;
  signal?: AbortSignal;
}

type Loose = Record<string, unknown>;

// The SDK's exception classes are matched by name and status rather than instanceof so a second
// copy of the SDK (bundling) cannot defeat the checks.

export interface Classified {
  reason: ApiFailureReason;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  detail?: string;
}

function errorChain(e: unknown): Loose[] {
  const out: Loose[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    out.push(cur as Loose);
    cur = (cur as Loose).cause;
  }
  return out;
}

export function classify(e: unknown, signal?: AbortSignal): Classified {
  if (signal?.aborted || e instanceof CancelledError) return { reason: 'cancelled', retryable: false };
  if (e instanceof WorkosApiError) return { reason: e.reason, retryable: false, status: e.status };
  const chain = errorChain(e);
  const first = chain[0] ?? {};
  const name = String(first.name ?? '');
  if (name === 'ApiKeyRequiredException') return { reason: 'no-key', retryable: false };
  let status = typeof first.status === 'number' ? first.status : undefined;
  // A body that is not JSON: on a 2xx it is a malformed answer (a proxy page, a truncated
  // body), worth another try; on an error status (an HTML 502 page) the status decides.
  const parse = chain.find((c) => c.name === 'ParseError');
  if (parse) {
    const raw = Number(parse.rawStatus);
    if (!raw || (raw >= 200 && raw < 300)) return { reason: 'malformed', retryable: true, status: raw || undefined, detail: 'the response body is not valid JSON' };
    status = raw;
  }
  if (status !== undefined) {
    if (status === 401) return { reason: 'unauthorized', retryable: false, status };
    if (status === 403) return { reason: 'forbidden', retryable: false, status };
    if (status === 408) return { reason: 'timeout', retryable: true, status };
    if (status === 429) {
      const ra = Number(first.retryAfter);
      return { reason: 'rate-limited', retryable: true, status, retryAfterMs: Number.isFinite(ra) && ra >= 0 ? ra * 1000 : undefined };
    }
    if (status >= 500) return { reason: 'server', retryable: true, status };
    if (status === 404) return { reason: 'malformed', retryable: false, status, detail: 'the API answered 404 Not Found' };
    return { reason: 'server', retryable: false, status, detail: typeof first.message === 'string' ? first.message : undefined };
  }
  if (chain.some((c) => c.name === 'AbortError' || c.name === 'TimeoutError')) return { reason: 'timeout', retryable: true };
  const net = chain.find((c) => typeof c.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c.code as string));
  if (net || chain.some((c) => c.name === 'TypeError' && c.message === 'fetch failed')) {
    return { reason: 'network', retryable: true, detail: net ? String(net.code) : undefined };
  }
  if (name === 'TypeError' || name === 'SyntaxError') {
    return { reason: 'malformed', retryable: false, detail: 'the response does not have the expected shape' };
  }
  return { reason: 'server', retryable: false, detail: typeof first.message === 'string' ? first.message : String(e) };
}

/** The retry policy's view of a failure: 429 (with its Retry-After), 5xx, timeouts, dropped connections. */
export function retryDecision(e: unknown, signal?: AbortSignal): RetryDecision {
  const c = classify(e, signal);
  return { retryable: c.retryable, retryAfterMs: c.retryAfterMs };
}

export function cancelledError(): WorkosApiError {
  return new WorkosApiError('cancelled', 'The request to WorkOS was cancelled.');
}

/** A failure as one WorkosApiError whose message says what to do about it, without the key. */
export function toApiError(e: unknown, request: string, ctx: ApiCallContext): WorkosApiError {
  if (e instanceof WorkosApiError) return e;
  let attempts = 1;
  let cause = e;
  if (e instanceof RetriesExhausted) {
    attempts = e.attempts;
    cause = e.lastError;
  }
  const c = classify(cause, ctx.signal);
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const host = ctx.host;
  let message: string;
  switch (c.reason) {
    case 'cancelled':
      return cancelledError();
    case 'no-key':
      message = 'No WorkOS API key is set: set WORKOS_API_KEY (CLI) or run "WorkOS Authz: Set API Key" (editor).';
      break;
    case 'unauthorized':
      message = `${host} rejected the API key (401 Unauthorized). Check that the key is a current secret key (sk_...) for this WorkOS environment and has not been revoked.`;
      break;
    case 'forbidden':
      message = `${host} refused ${request} (403 Forbidden): the API key is valid but may not read roles and permissions. Use a secret key with access to Authorization.`;
      break;
    case 'rate-limited':
      message = `${host} is rate limiting this API key (429 Too Many Requests)${after}. Wait a minute and try again.`;
      break;
    case 'timeout':
      message = `${host} did not answer ${request} within ${ctx.timeoutMs ?? 10_000} ms${after}. Check the network, or try again later.`;
      break;
    case 'server':
      message = c.status
        ? `${host} answered ${request} with HTTP ${c.status}${after}.${c.status >= 500 ? ' WorkOS may be having trouble; try again later.' : c.detail ? ` ${c.detail}` : ''}`
        : `${request} to ${host} failed${after}: ${c.detail ?? 'unknown error'}.`;
      break;
    case 'network':
      message = `Could not reach ${host} for ${request}${c.detail ? ` (${c.detail})` : ''}${after}. Check the network connection, any proxy, and WORKOS_API_HOSTNAME / WORKOS_API_PORT / WORKOS_API_HTTPS.`;
      break;
    case 'malformed':
      message = `Unexpected answer from ${host} to ${request}: ${c.detail ?? 'malformed response'}${after}. Check that WORKOS_API_HOSTNAME (or the API URL setting) points at the WorkOS API.`;
      break;
    default:
      message = `${request} to ${host} failed${after}.`;
  }
  return new WorkosApiError(c.reason, redactSecret(message, ctx.apiKey), { status: c.status, request });
}

/** A failure the checks runner reports as it is (a user with that email does not exist, ...). */
export class CheckSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckSetupError';
  }
}

/**
 * The short form, fit for a tree item or a CI log line: "unauthorized (401): the API key was
 * rejected", "rate limited (429)", "network error: ECONNREFUSED". Never request headers or a key.
 */
export function errorReason(e: unknown): string {
  return redactKeyShapes(shortReason(e instanceof RetriesExhausted ? e.lastError : e));
}

function shortReason(e: unknown): string {
  if (e instanceof CheckSetupError || e instanceof WorkosApiError) return e.message;
  const err = e as { status?: number; message?: string };
  const message = err?.message ? `: ${err.message}` : '';
  const c = classify(e);
  switch (c.reason) {
    case 'unauthorized':
      return 'unauthorized (401): the API key was rejected';
    case 'forbidden':
      return `forbidden (403)${message}`;
    case 'rate-limited':
      return 'rate limited (429)';
    case 'timeout':
      return 'timed out';
    case 'network':
      return `network error: ${c.detail ?? err?.message ?? String(e)}`;
    default:
      if (c.status === 404) return `not found (404)${message}`;
      if (c.status !== undefined) return `HTTP ${c.status}${message}`;
      return err?.message ?? String(e);
  }
}
