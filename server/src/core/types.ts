// Plain data shared by the analysis core and everything built on it.
// Offsets are UTF-16 code-unit offsets into the document text, end exclusive, so they map
// directly onto JavaScript strings and onto LSP positions.

export type SlugKind = 'permission' | 'role' | 'resource-type';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type RuleId =
  | 'unknown-permission'
  | 'unknown-role'
  | 'org-prefix'
  | 'kind-mismatch'
  | 'malformed-slug'
  | 'wildcard-permission'
  | 'session-token-scope'
  | 'unknown-resource-type'
  | 'resource-type-mismatch'
  | 'membership-id';

export interface Range {
  start: number;
  end: number;
}

/** How an occurrence's slug was written. */
export type Via = 'literal' | 'constant' | 'template';

/** A place in a file where WorkOS expects a slug, and what is written there. */
export interface Occurrence {
  kind: SlugKind;
  /** The slug as compared at run time. For templates, the pattern with `*` for each hole. */
  slug: string;
  /** The slug's text in this file: inside the quotes for literals, the expression for constants. */
  range: Range;
  via: Via;
  /** Short words for the place, e.g. "permissions.includes()" or "<Can permission>". */
  place: string;
  /** True when the value is compared with session-token data (permissions claim, role claim). */
  session: boolean;
  /** Literal parts of a template literal; a hole lies between each two parts. */
  templateParts?: string[];
  /** Set when the slug is built from several literals (`requirePermission('video', 'create')`): no single-span fix. */
  composite?: boolean;
  /** Where the literal behind a constant is defined (filled in by the workspace index). */
  definition?: { uri: string; range: Range; name: string };
  /** Occurrences in the same `authorization.check({...})` call share this id. */
  callId?: number;
}

/** An identifier path written where a slug is expected, e.g. `ROLES.ADMIN`: resolved through constants. */
export interface ConstantRef {
  kind: SlugKind;
  path: string[];
  range: Range;
  place: string;
  session: boolean;
  callId?: number;
}

/** One string value a file-level constant holds, e.g. `PERMS.VIDEO_CREATE` → `video:create`. */
export interface ConstantValue {
  value: string;
  range: Range;
}

/** Facts about an `authorization.check(...)` call that are not slugs but rules need. */
export interface CheckCallFact {
  callId: number;
  /** The organizationMembershipId argument, as written. */
  membership?: { text: string; range: Range };
}

export interface IgnoreDirective {
  /** 0-based line the directive applies to (the line after the comment). */
  line: number;
  /** Empty: every rule. */
  rules: string[];
}

/** Everything the scanner learns from one file. Pure data, no references to the text. */
export interface FileScan {
  occurrences: Occurrence[];
  constantRefs: ConstantRef[];
  /** Top-level constants by dotted name (`ROLES.ADMIN`, `Role.Admin`, `ADMIN_ROLE`); arrays hold several values. */
  constants: Map<string, ConstantValue[]>;
  /** Local name → where it is imported from. */
  imports: Map<string, { from: string; name: string }>;
  checkCalls: CheckCallFact[];
  ignores: IgnoreDirective[];
}

/** A user-declared helper function: `{ name: 'mayI', arg: 0, kind: 'permission' }`. */
export interface HelperSpec {
  name: string;
  /** 0-based argument index holding the slug (or an array of slugs). */
  arg: number;
  kind: SlugKind;
  /** True when the helper checks session-token data. */
  session?: boolean;
}

export interface ScanOptions {
  /** Extra helper functions from the user's settings, on top of the built-in ones. */
  helpers?: HelperSpec[];
  /** Decides JSX handling: `.ts` files have type assertions, not JSX. */
  fileName?: string;
}

export type SeverityOrOff = Severity | 'off';

export interface RuleSettings {
  severities?: Partial<Record<RuleId, SeverityOrOff>>;
}

export interface Fix {
  title: string;
  range: Range;
  newText: string;
  /** One clear answer: editors may apply it as the preferred quick fix. */
  preferred: boolean;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  range: Range;
  message: string;
  kind: SlugKind;
  slug: string;
  /** Nearest catalog slugs, best first. */
  suggestions: string[];
  fixes: Fix[];
  /** The occurrence the finding is about. */
  occurrence?: Occurrence;
}
