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
  | 'membership-id'
  | 'missing-in-environment';

export interface Range {
  start: number;
  end: number;
}

/** How an occurrence's slug was written. */
export type Via = 'literal' | 'constant' | 'template';

/**
 * Why a place is taken to expect a WorkOS slug, strongest first:
 * - `sdk`: a parameter of a WorkOS SDK call or a WorkOS API body field (`permissionSlug`, `roleSlug`);
 * - `session`: compared with data that comes from WorkOS (`withAuth()`, `useAuth()`, token claims,
 *   organization memberships), followed through destructuring and assignment within the file;
 * - `helper`: an argument of a helper that checks it: built in (`hasPermission`), configured, or
 *   inferred from the helper's body (its parameter reaches a stronger place);
 * - `constant`: a constant's literal that a stronger place uses;
 * - `type`: a value typed by a type alias whose members are catalog slugs;
 * - `name`: only a name says so (`const adminRoles = […]`, `role: 'x'`).
 */
export type Evidence = 'sdk' | 'session' | 'helper' | 'constant' | 'type' | 'name';

export const EVIDENCE_RANK: Record<Evidence, number> = { sdk: 0, session: 1, helper: 2, constant: 3, type: 4, name: 5 };

/** Places where every rule applies: the value reaches WorkOS or is compared with WorkOS data. */
export function isStrong(e: Evidence): boolean {
  return e === 'sdk' || e === 'session' || e === 'helper' || e === 'constant';
}

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
  /** Why this is a slug place (see Evidence). */
  evidence: Evidence;
  /** For `type` evidence: the type alias the value is typed by, and its members once resolved. */
  typeName?: string;
  typeMembers?: string[];
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
  evidence: Evidence;
  typeName?: string;
  callId?: number;
}

/** One string value a file-level constant holds, e.g. `PERMS.VIDEO_CREATE` → `video:create`. */
export interface ConstantValue {
  value: string;
  range: Range;
  /** A member of a string-literal union type (`type Role = 'admin' | 'member'`), not a value. */
  type?: true;
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
  /** Functions of this file whose parameter reaches a slug place: helpers, by name. */
  helpers: InferredHelper[];
  /** Calls to functions this file does not know as helpers, with arguments that may be slugs. */
  calls: PendingCall[];
  /**
   * Export lists of this file (`export { a as b }`, `export { X }` of an import): local name by
   * exported name. `export const X` / `export function X` are not listed: the exported name is
   * the local one, found among the file's constants and helpers.
   */
  exports: Map<string, string>;
  /** `export * from './x'` (no names) and `export { a as b } from './x'` (exported → imported). */
  reexports: { from: string; names?: Map<string, string> }[];
}

/** A helper found by reading its body: argument `arg` (or the object property `prop` of it) is a slug. */
export interface InferredHelper {
  name: string;
  arg: number;
  /** Set when the parameter is destructured (`function Can({ permission })`): the property that is the slug. */
  prop?: string;
  kind: SlugKind;
  /** The evidence of the place the parameter reaches. */
  via: Evidence;
  session: boolean;
}

/** One argument of a call to a function that may turn out to be a helper. */
export interface PendingArg {
  arg: number;
  /** For an object argument `f({ permission: 'x' })` or a JSX attribute: the property name. */
  prop?: string;
  /** A literal string value with its content range, or a constant path. */
  value?: string;
  path?: string[];
  range: Range;
}

export interface PendingCall {
  /** The callee's local name (`requirePerm`) or, for `obj.fn(…)`, the path. */
  callee: string[];
  /** A JSX element (`<Can permission="x">`) rather than a call. */
  jsx?: true;
  args: PendingArg[];
}

/** A user-declared helper function: `{ name: 'mayI', arg: 0, kind: 'permission' }`. */
export interface HelperSpec {
  name: string;
  /** 0-based argument index holding the slug (or an array of slugs). */
  arg: number;
  /** For helpers taking an object (or JSX components): the property holding the slug. */
  prop?: string;
  kind: SlugKind;
  /** True when the helper checks session-token data. */
  session?: boolean;
}

export interface ScanOptions {
  /** Extra helper functions from the user's settings, on top of the built-in ones. */
  helpers?: HelperSpec[];
  /** Decides JSX handling: `.ts` files have type assertions, not JSX. */
  fileName?: string;
  /** For completion: keep every string at a slug place, the empty one and prefixes too. */
  completion?: boolean;
  /**
   * Only what other files can read of this one: constants, imports, exports. For text the
   * pre-pass finds no slug place in (`prepassLevel` says `'declarations'`): the full analysis
   * would find nothing else there.
   */
  declarationsOnly?: boolean;
  /**
   * With `declarationsOnly`: also the calls to imported functions that the index decides (an
   * imported function may be a helper in its own file). For text whose only possible places are
   * such calls (`prepassLevel` says `'calls'`).
   */
  pendingCalls?: boolean;
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
  /** The occurrence's evidence (membership-id findings: `sdk`). */
  evidence: Evidence;
}
