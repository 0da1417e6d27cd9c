// Findings → LSP diagnostics, for every file with findings (open or not). The set of files
// with published diagnostics is tracked so a file that becomes clean gets an empty list.

import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/types';
import type { Folder } from './folder';
import type { Session } from './session';

/** More than this many diagnostics in one file helps nobody and slows the editor down. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

export const DIAGNOSTIC_SOURCE = 'workos-authz';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(folder: Folder, uri: string, f: Finding): Diagnostic {
  return {
    range: { start: folder.index.positionAt(uri, f.range.start), end: folder.index.positionAt(uri, f.range.end) },
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.rule,
    message: f.message,
    data: { rule: f.rule, slug: f.slug, kind: f.kind },
  };
}

export function publishFindings(session: Session, folder: Folder, uri: string): void {
  const findings = session.findings(folder, uri).slice(0, MAX_DIAGNOSTICS_PER_FILE);
  if (!findings.length && !folder.published.has(uri)) return;
  const diagnostics = findings.map((f) => toDiagnostic(folder, uri, f));
  if (diagnostics.length) folder.published.add(uri);
  else folder.published.delete(uri);
  // An open document is addressed the way the editor spells its URI.
  const doc = session.document(uri);
  void session.connection.sendDiagnostics({ uri: doc?.uri ?? uri, version: doc?.version, diagnostics }).catch(() => undefined);
}

export function clearDiagnostics(connection: Connection, uri: string): void {
  void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
}
