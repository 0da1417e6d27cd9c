// Findings → LSP diagnostics, for every file with findings (open or not). The set of files
// with published diagnostics is tracked so a file that becomes clean gets an empty list.

import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/types';
import type { Folder } from './folder';
import { logError } from './runSafe';
import { SLICE_MS, yieldToLoop } from './slices';

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

/** What the publisher reads: the findings of a file, the folder that owns it, the open document. */
export interface FindingsSource {
  findings(folder: Folder, uri: string): Finding[];
  /**
   * Does the costly part of a file's findings ("did you mean" rankings) from step `from` until
   * `deadline` (`performance.now()` time); returns the step to go on from, undefined when done.
   */
  prepareFindings?(folder: Folder, uri: string, from: number, deadline: number): number | undefined;
  folderFor(uri: string): Folder | undefined;
  document(uri: string): TextDocument | undefined;
  /** The open documents, by canonical URI. */
  openDocumentUris(): string[];
}

export class DiagnosticsPublisher {
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly source: FindingsSource,
  ) {}

  /** Publishes the files' findings (each to the folder that owns it now, else `folder`). */
  publish(folder: Folder, uris: Iterable<string>): void {
    const seen = new Set<string>();
    for (const uri of uris) {
      if (seen.has(uri)) continue;
      seen.add(uri);
      const owner = this.source.folderFor(uri) ?? folder;
      try {
        this.publishFile(owner, uri);
      } catch (err) {
        logError(this.connection, `publishing diagnostics for ${uri}`, err);
      }
    }
  }

  /**
   * Re-publishes every file of the folder in slices, yielding between them so a catalog
   * change over thousands of files never freezes the server. A newer pass supersedes an older one.
   */
  publishAll(folder: Folder, extra: string[] = []): Promise<void> {
    const pass = ++folder.publishPass;
    // Open documents first: they are what the user looks at, and their findings are then ready
    // for the hovers and code actions asked while the rest is published.
    const open = new Set(this.source.openDocumentUris());
    const all = new Set([...folder.index.uris(), ...folder.published, ...extra]);
    const uris = [...[...open].filter((u) => all.has(u)), ...[...all].filter((u) => !open.has(u))];
    return (async () => {
      let sliceStart = performance.now();
      const nextSlice = async (): Promise<boolean> => {
        if (performance.now() - sliceStart <= SLICE_MS) return true;
        await yieldToLoop();
        sliceStart = performance.now();
        return pass === folder.publishPass && !this.disposed;
      };
      for (let i = 0; i < uris.length; i++) {
        if (!(await nextSlice())) return;
        // A file with many misspelled slugs is ranked over several slices before it is published.
        let step = this.source.prepareFindings?.(folder, uris[i], 0, sliceStart + SLICE_MS);
        while (step !== undefined) {
          if (!(await nextSlice())) return;
          step = this.source.prepareFindings?.(folder, uris[i], step, sliceStart + SLICE_MS);
        }
        this.publish(folder, [uris[i]]);
      }
    })();
  }

  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
  }

  private publishFile(folder: Folder, uri: string): void {
    const findings = this.source.findings(folder, uri).slice(0, MAX_DIAGNOSTICS_PER_FILE);
    if (!findings.length && !folder.published.has(uri)) return;
    const diagnostics = findings.map((f) => toDiagnostic(folder, uri, f));
    if (diagnostics.length) folder.published.add(uri);
    else folder.published.delete(uri);
    // An open document is addressed the way the editor spells its URI.
    const doc = this.source.document(uri);
    void this.connection.sendDiagnostics({ uri: doc?.uri ?? uri, version: doc?.version, diagnostics }).catch(() => undefined);
  }
}
