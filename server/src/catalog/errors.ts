// Error types a caller can tell apart: a bad catalog file (fix the file) versus a failed live
// fetch (fix the key, the network, or wait). Neither ever carries the API key.

export interface CatalogErrorLocation {
  file?: string;
  /** 1-based. */
  line?: number;
  /** Field path such as `roles[3].permissions[1]`. */
  field?: string;
}

/** A catalog file that cannot be used: unreadable, malformed, or the wrong shape. */
export class CatalogError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  /** The message without the `file:line:` prefix. */
  readonly detail: string;

  constructor(detail: string, location: CatalogErrorLocation = {}) {
    super(formatLocated(detail, location));
    this.name = 'CatalogError';
    this.detail = detail;
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
  }
}

export function formatLocated(detail: string, location: CatalogErrorLocation): string {
  const where = location.file ? (location.line ? `${location.file}:${location.line}: ` : `${location.file}: `) : '';
  return `${where}${detail}`;
}

export type CatalogFetchReason =
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

/** A live fetch that failed. `message` says what to do about it, in words a user can act on. */
export class CatalogFetchError extends Error {
  readonly reason: CatalogFetchReason;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The request that failed, e.g. `GET /authorization/permissions`; never carries the key. */
  readonly request?: string;

  constructor(reason: CatalogFetchReason, message: string, extra: { status?: number; request?: string } = {}) {
    super(message);
    this.name = 'CatalogFetchError';
    this.reason = reason;
    this.status = extra.status;
    this.request = extra.request;
  }
}
