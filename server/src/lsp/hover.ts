// Hover on a slug: what the catalog says about it, or why it is wrong.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { hoverMarkdown } from '../core/hover';
import type { Session } from './session';

export function hover(session: Session, params: HoverParams): Hover | null {
  const at = session.indexed(params.textDocument.uri);
  if (!at) return null;
  const { uri, folder } = at;
  const offset = folder.index.offsetAt(uri, params.position);
  const occurrence = folder.index.occurrenceAt(uri, offset);
  if (!occurrence) return null;
  const findings = session
    .findings(folder, uri)
    .filter((f) => f.range.start < occurrence.range.end && occurrence.range.start < f.range.end);
  const value = hoverMarkdown(session.catalogFor(folder), occurrence, findings);
  if (!value) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: folder.index.positionAt(uri, occurrence.range.start), end: folder.index.positionAt(uri, occurrence.range.end) },
  };
}
