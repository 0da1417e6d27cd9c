// Hover on a slug: what the catalog says about it, or why it is wrong.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { doHover } from '../core/languageService';
import { ruleSettings } from '../settings';
import type { Session } from './session';

export function hover(session: Session, params: HoverParams): Hover | null {
  const at = session.indexed(params.textDocument.uri);
  if (!at) return null;
  const { uri, folder } = at;
  const found = doHover(folder.index, uri, folder.index.offsetAt(uri, params.position), session.catalogFor(folder), ruleSettings(folder.settings), session.environmentCatalogs(folder));
  if (!found) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.markdown },
    range: { start: folder.index.positionAt(uri, found.range.start), end: folder.index.positionAt(uri, found.range.end) },
  };
}
