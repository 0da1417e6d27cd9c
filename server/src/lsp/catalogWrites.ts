// What reaches the catalog rather than the code: quick fixes that add an unknown slug to the
// folder's catalog file (an edit the editor applies, so it can be undone) or create it in WorkOS
// (a command: the client asks for the name and shows the host before it sends the request), the
// create request itself, and the TypeScript module generated from the catalog, on request and
// whenever the catalog changes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { addToCatalogText, nameFromSlug } from '../catalog/catalogEdit';
import { CatalogError } from '../catalog/index';
import { writeTypesModule } from '../catalog/typesModule';
import type { Catalog } from '../core/catalog';
import { isWellFormed } from '../core/rules';
import type { Finding } from '../core/types';
import {
  CREATE_IN_WORKOS_COMMAND,
  type ApiOutcome,
  type CreateInWorkosOffer,
  type CreateInWorkosParams,
  type CreateInWorkosResult,
  type GenerateTypesParams,
  type GenerateTypesResult,
} from '../protocol';
import { createCatalogEntry } from '../workos/index';
import type { Folder } from './folder';
import { logError } from './runSafe';
import type { Session } from './session';
import { isInside, pathToUri } from './uris';
import { NO_KEY, failure } from './workosRequests';

/** A slug the catalog could take as a new environment-level entry: well formed, no wildcard, no organization-role prefix. */
function creatable(f: Finding): f is Finding & { kind: 'permission' | 'role' } {
  if (f.rule !== 'unknown-permission' && f.rule !== 'unknown-role') return false;
  if (f.kind !== 'permission' && f.kind !== 'role') return false;
  if (!isWellFormed(f.slug) || f.slug.includes('*')) return false;
  return !(f.kind === 'role' && (f.slug.startsWith('org-') || f.slug.startsWith('org:')));
}

/** The quick fixes that change the catalog for these findings, once per slug. */
export function catalogActions(session: Session, folder: Folder, findings: { finding: Finding; diagnostic: Diagnostic }[]): CodeAction[] {
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  const file = folder.fileCatalog;
  const checkedAgainstFile = !!file.path && !file.error && !!file.catalog && session.catalogFor(folder) === file.catalog;
  for (const { finding: f, diagnostic } of findings) {
    if (!creatable(f) || seen.has(`${f.kind}:${f.slug}`)) continue;
    seen.add(`${f.kind}:${f.slug}`);
    const name = nameFromSlug(f.slug);
    if (checkedAgainstFile) {
      const edit = catalogFileEdit(session, file.path!, { kind: f.kind, slug: f.slug, name });
      if (edit) {
        out.push({
          title: `Add ${f.kind} \`${f.slug}\` to ${path.basename(file.path!)}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [edit.uri]: [edit.edit] } },
        });
      }
    }
    // Only with a key, which the client hands over in a trusted workspace only.
    if (session.live.hasKey) {
      const offer: CreateInWorkosOffer = { folderUri: folder.uri, kind: f.kind, slug: f.slug, name, host: session.live.host };
      const title = `Create ${f.kind} \`${f.slug}\` in WorkOS…`;
      out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: CREATE_IN_WORKOS_COMMAND, arguments: [offer] } });
    }
  }
  return out;
}

/** The smallest edit turning the catalog file's text (the editor's, when open) into the text with the entry. */
function catalogFileEdit(session: Session, file: string, entry: { kind: 'permission' | 'role'; slug: string; name: string }) {
  const uri = pathToUri(file);
  const open = session.document(uri);
  let text: string;
  try {
    text = open ? open.getText() : fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let next: string;
  try {
    next = addToCatalogText(text, file, entry);
  } catch {
    return undefined;
  }
  let start = 0;
  while (start < text.length && start < next.length && text[start] === next[start]) start++;
  let end = 0;
  while (end < text.length - start && end < next.length - start && text[text.length - 1 - end] === next[next.length - 1 - end]) end++;
  const doc = TextDocument.create(uri, 'plaintext', 0, text);
  return {
    uri: open?.uri ?? uri,
    edit: { range: { start: doc.positionAt(start), end: doc.positionAt(text.length - end) }, newText: next.slice(start, next.length - end) },
  };
}

export async function createInWorkos(session: Session, params: CreateInWorkosParams): Promise<ApiOutcome<CreateInWorkosResult>> {
  const kind = params?.kind;
  const slug = typeof params?.slug === 'string' ? params.slug : '';
  const name = typeof params?.name === 'string' ? params.name.trim() : '';
  const description = typeof params?.description === 'string' && params.description.trim() ? params.description.trim() : undefined;
  if ((kind !== 'permission' && kind !== 'role') || !isWellFormed(slug) || !name || name.length > 48 || (description?.length ?? 0) > 150) {
    return { ok: false, reason: 'server', message: 'Not created: a permission or role needs a WorkOS slug and a name of at most 48 characters (description at most 150).' };
  }
  const conn = session.live.connection();
  if (!conn) return NO_KEY;
  const host = session.live.host;
  if (params.confirmedHost !== host) {
    return { ok: false, reason: 'not-confirmed', message: `Not created: the API host is ${host}, not the ${String(params.confirmedHost)} that was confirmed. Try again.` };
  }
  try {
    const outcome = await createCatalogEntry(conn, { kind, slug, name, description });
    await session.refreshCatalogs(session.foldersFor(params.folderUri));
    return { ok: true, created: outcome.created, host: outcome.host };
  } catch (e) {
    return failure(e);
  }
}

// ---------------------------------------------------------------------------------------------
// The generated types module.

/** The types file for a folder: a .ts file inside it, or why not. */
function typesTarget(folder: Folder, requested: string | undefined): { file: string } | { error: string } {
  const rel = (requested ?? folder.settings.generatedTypesFile ?? '').trim();
  if (!rel) return { error: 'No file given: set "workosAuthz.generatedTypesFile" (for example src/workos-authz.ts).' };
  const file = path.resolve(folder.path, rel);
  if (!isInside(folder.path, file) || file === folder.path) return { error: `${rel} is outside the workspace folder ${folder.name}.` };
  if (!/\.(ts|mts|cts)$/.test(file)) return { error: `${rel} is not a .ts file.` };
  // A symlinked directory on the way must not lead the write out of the folder.
  if (!isInside(realpathOr(folder.path), realpathOr(file))) return { error: `${rel} leads outside the workspace folder ${folder.name}.` };
  return { file };
}

/** The real path of the file, or of its nearest existing ancestor with the rest appended. */
function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realpathOr(parent), path.basename(p));
  }
}

function writeTypes(folder: Folder, catalog: Catalog, file: string): { written: boolean } | { error: string } {
  try {
    return writeTypesModule(catalog, file, path.relative(folder.path, file));
  } catch (e) {
    if (e instanceof CatalogError) return { error: `${e.message}.` };
    throw e;
  }
}

export function generateTypes(session: Session, params: GenerateTypesParams): ApiOutcome<GenerateTypesResult> {
  const folder = session.foldersFor(params?.folderUri)[0];
  if (!folder) return { ok: false, reason: 'no-folder', message: 'Open a folder to generate types into.' };
  const catalog = session.catalogFor(folder);
  if (!catalog) return { ok: false, reason: 'no-catalog-file', message: 'No catalog to generate types from: add a catalog file or set an API key.' };
  const target = typesTarget(folder, typeof params?.path === 'string' ? params.path : undefined);
  if ('error' in target) return { ok: false, reason: 'types-file', message: target.error };
  try {
    const r = writeTypes(folder, catalog, target.file);
    if ('error' in r) return { ok: false, reason: 'types-file', message: r.error };
    generatedFrom.set(folder, catalog);
    return { ok: true, uri: pathToUri(target.file), written: r.written };
  } catch (e) {
    return { ok: false, reason: 'types-file', message: `The types file could not be written: ${(e as Error).message}` };
  }
}

const generatedFrom = new WeakMap<Folder, Catalog>();

/** Regenerates each folder's `generatedTypesFile` whose catalog changed since it was last written. Never throws. */
export function regenerateTypes(session: Session): void {
  for (const folder of session.folders.values()) {
    if (!folder.settings.generatedTypesFile) continue;
    const catalog = session.catalogFor(folder);
    if (!catalog || generatedFrom.get(folder) === catalog) continue;
    generatedFrom.set(folder, catalog);
    const target = typesTarget(folder, undefined);
    try {
      const r = 'error' in target ? target : writeTypes(folder, catalog, target.file);
      if ('error' in r) logError(session.connection, 'regenerating types', new Error(r.error));
    } catch (e) {
      logError(session.connection, 'regenerating types', e);
    }
  }
}
