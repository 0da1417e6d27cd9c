// Go to definition (slug → its catalog entry; constant use → the constant), find references
// (every use of a slug in the folder, literal or through constants), and workspace symbols.

import * as fs from 'node:fs';
import {
  SymbolKind,
  type CancellationToken,
  type DefinitionParams,
  type Location,
  type ReferenceParams,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { catalogEntries, type CatalogEntryLocation } from '../core/catalogLocations';
import { findReferences } from '../core/languageService';
import { LineIndex } from '../core/lineIndex';
import type { Range, SlugKind } from '../core/types';
import type { Folder } from './folder';
import type { Session } from './session';
import { canonicalUri, pathToUri, uriToPath } from './uris';

/** Workspace symbol answers stay small enough to render. */
const MAX_SYMBOLS = 1000;

interface CatalogText {
  uri: string;
  text: string;
  lines: LineIndex;
  entries: CatalogEntryLocation[];
}

const catalogTextCache = new Map<string, { key: string; value: CatalogText }>();

/** The folder's catalog file with its slug entries, from the editor when open, else the disk. */
function catalogText(session: Session, folder: Folder): CatalogText | undefined {
  const file = folder.fileCatalog.path;
  if (!file) return undefined;
  const uri = pathToUri(file);
  const doc = session.document(uri);
  let text: string;
  let key: string;
  if (doc) {
    text = doc.getText();
    key = `doc:${doc.version}`;
  } else {
    try {
      const st = fs.statSync(file);
      key = `disk:${st.mtimeMs}:${st.size}`;
      const cached = catalogTextCache.get(file);
      if (cached?.key === key) return cached.value;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }
  const cached = catalogTextCache.get(file);
  if (cached?.key === key) return cached.value;
  const value = { uri: doc?.uri ?? uri, text, lines: LineIndex.of(text), entries: catalogEntries(text) };
  catalogTextCache.set(file, { key, value });
  return value;
}

function catalogLocation(ct: CatalogText, range: Range): Location {
  return { uri: ct.uri, range: { start: ct.lines.positionAt(range.start), end: ct.lines.positionAt(range.end) } };
}

function findEntry(ct: CatalogText, kind: SlugKind, slug: string): CatalogEntryLocation | undefined {
  return ct.entries.find((e) => e.kind === kind && e.slug === slug) ?? ct.entries.find((e) => e.slug === slug);
}

function indexLocation(folder: Folder, uri: string, range: Range, session: Session): Location {
  return {
    uri: session.document(uri)?.uri ?? uri,
    range: { start: folder.index.positionAt(uri, range.start), end: folder.index.positionAt(uri, range.end) },
  };
}

export function definition(session: Session, params: DefinitionParams): Location[] | null {
  const at = session.indexed(params.textDocument.uri);
  if (!at) return null;
  const { uri, folder } = at;
  const offset = folder.index.offsetAt(uri, params.position);
  const occurrence = folder.index.occurrenceAt(uri, offset);
  if (!occurrence || occurrence.via === 'constant') {
    const def = folder.index.constantDefinitionAt(uri, offset);
    if (def) return [indexLocation(folder, def.uri, def.range, session)];
  }
  if (!occurrence) return null;
  const ct = catalogText(session, folder);
  const entry = ct && findEntry(ct, occurrence.kind, occurrence.slug);
  return entry && ct ? [catalogLocation(ct, entry.range)] : null;
}

export function references(session: Session, params: ReferenceParams): Location[] | null {
  const uri = canonicalUri(params.textDocument.uri);
  const file = uriToPath(uri);
  const folder = session.folderFor(uri);
  if (!folder) return null;
  let target: { kind: SlugKind; slug: string } | undefined;
  const ct = catalogText(session, folder);
  if (ct && file === folder.fileCatalog.path) {
    // From the catalog file itself: the entry under the cursor.
    const offset = ct.lines.offsetAt(params.position);
    target = ct.entries.find((e) => e.range.start <= offset && offset <= e.range.end);
  } else {
    session.flush(uri);
    if (!folder.index.has(uri)) return null;
    target = folder.index.occurrenceAt(uri, folder.index.offsetAt(uri, params.position));
  }
  if (!target) return null;
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (loc: Location) => {
    const key = `${loc.uri}:${loc.range.start.line}:${loc.range.start.character}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(loc);
    }
  };
  if (params.context.includeDeclaration && ct) {
    const entry = findEntry(ct, target.kind, target.slug);
    if (entry) add(catalogLocation(ct, entry.range));
  }
  for (const u of findReferences(folder.index, target.kind, target.slug)) {
    add(indexLocation(folder, u.uri, u.occurrence.range, session));
    const def = u.occurrence.definition;
    if (def && folder.index.has(def.uri)) add(indexLocation(folder, def.uri, def.range, session));
  }
  return out;
}

const SYMBOL_KIND: Record<SlugKind, SymbolKind> = {
  permission: SymbolKind.Key,
  role: SymbolKind.EnumMember,
  'resource-type': SymbolKind.Class,
};

export function workspaceSymbols(session: Session, params: WorkspaceSymbolParams, token?: CancellationToken): SymbolInformation[] {
  const query = params.query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const folder of session.folders.values()) {
    const ct = catalogText(session, folder);
    for (const e of ct?.entries ?? []) {
      if (out.length >= MAX_SYMBOLS) return out;
      if (!matches(e.slug, query)) continue;
      out.push({ name: e.slug, kind: SYMBOL_KIND[e.kind], location: catalogLocation(ct!, e.range), containerName: `${e.kind} (catalog)` });
    }
    for (const uri of folder.index.uris()) {
      // The one request that walks every file: stop as soon as the editor no longer wants it.
      if (token?.isCancellationRequested) return [];
      for (const o of folder.index.occurrences(uri)) {
        if (out.length >= MAX_SYMBOLS) return out;
        if (!matches(o.slug, query)) continue;
        out.push({ name: o.slug, kind: SYMBOL_KIND[o.kind], location: indexLocation(folder, uri, o.range, session), containerName: `${o.kind} in ${o.place}` });
      }
    }
  }
  return out;
}

/** Case-insensitive subsequence match, the way editors filter symbol names. */
function matches(name: string, query: string): boolean {
  if (!query) return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === query[i] && ++i === query.length) return true;
  return false;
}
