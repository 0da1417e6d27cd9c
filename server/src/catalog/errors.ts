// A bad catalog file (fix the file). A failed live fetch is a WorkosApiError (server/src/workos/errors.ts).

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
