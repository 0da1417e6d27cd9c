// Completion inside a string at a slug place: only slugs of the kind that place takes. The
// edit replaces the whole string content, so accepting an item mid-word leaves no leftovers.

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { completionDocumentation } from '../core/completion';
import { doComplete } from '../core/languageService';
import type { SlugKind } from '../core/types';
import { helperSpecs } from '../settings';
import type { Session } from './session';
import { canonicalUri, uriToPath } from './uris';

export const COMPLETION_TRIGGER_CHARACTERS = ["'", '"', '`', ':'];

const ITEM_KIND: Record<SlugKind, CompletionItemKind> = {
  permission: CompletionItemKind.Constant,
  role: CompletionItemKind.EnumMember,
  'resource-type': CompletionItemKind.Class,
};

/** What an item carries for `completionItem/resolve`: its documentation is made when it is shown. */
interface ItemData {
  kind: SlugKind;
  uri: string;
}

export function completion(session: Session, params: CompletionParams): CompletionList | null {
  const doc = session.document(params.textDocument.uri);
  const uri = canonicalUri(params.textDocument.uri);
  const folder = session.folderFor(uri);
  if (!doc || !folder) return null;
  const slot = doComplete(doc.getText(), doc.offsetAt(params.position), session.catalogFor(folder), { helpers: helperSpecs(folder.settings), fileName: uriToPath(uri) });
  if (!slot) return null;
  const { items, isIncomplete } = slot;
  const range = { start: doc.positionAt(slot.range.start), end: doc.positionAt(slot.range.end) };
  return {
    isIncomplete,
    items: items.map(
      (c): CompletionItem => ({
        label: c.label,
        kind: ITEM_KIND[slot.kind],
        detail: c.detail,
        sortText: c.sortText,
        filterText: c.slug,
        textEdit: { range, newText: c.slug },
        data: { kind: slot.kind, uri } satisfies ItemData,
      }),
    ),
  };
}

/** The documentation of the item the editor shows, from the catalog of the folder it was offered in. */
export function resolveCompletion(session: Session, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<ItemData> | undefined;
  const slug = item.filterText ?? item.label;
  if (!data || typeof data.uri !== 'string' || (data.kind !== 'permission' && data.kind !== 'role' && data.kind !== 'resource-type')) return item;
  const folder = session.folderFor(data.uri);
  const catalog = folder && session.catalogFor(folder);
  const value = catalog && completionDocumentation(catalog, data.kind, slug);
  return value ? { ...item, documentation: { kind: MarkupKind.Markdown, value } } : item;
}
