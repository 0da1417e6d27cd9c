// Adding a permission or an environment role to a catalog file in place: the seed, the emulator
// config or the snapshot keeps its comments, order and formatting; only the new entry's lines
// are inserted, at the end of its list, indented like the entries before it. The yaml package's
// document API finds the list (it reads the JSON snapshot too, JSON being YAML), and the result
// is loaded again before it is handed back, so a broken edit never reaches the file.

import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type YAMLSeq } from 'yaml';
import type { SlugKind } from '../core/types';
import { CatalogError } from './errors';
import { parseCatalog, type CatalogFileKind } from './files';

export interface NewCatalogEntry {
  kind: Extract<SlugKind, 'permission' | 'role'>;
  slug: string;
  name: string;
  description?: string | null;
}

/** A name for a slug nobody has named yet: `reports:export` → `Reports export`, `billing-admin` → `Billing admin`. */
export function nameFromSlug(slug: string): string {
  const words = slug.split(/[:\-_.]+/).filter(Boolean);
  const text = words.join(' ');
  return text ? text[0].toUpperCase() + text.slice(1) : slug;
}

/** The list an entry goes into: permissions, or the environment roles (`roles` in seed and emulator files). */
function listKey(kind: CatalogFileKind, entry: NewCatalogEntry): string {
  if (entry.kind === 'permission') return 'permissions';
  return kind === 'snapshot' ? 'environmentRoles' : 'roles';
}

function entryObject(kind: CatalogFileKind, entry: NewCatalogEntry): Record<string, unknown> {
  const o: Record<string, unknown> = { slug: entry.slug, name: entry.name, description: entry.description ?? null };
  if (entry.kind === 'role') {
    o.permissions = [];
    if (kind === 'snapshot') o.type = 'EnvironmentRole';
  }
  if (kind !== 'snapshot' && o.description === null) delete o.description;
  return o;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The file's text with the entry added. Throws CatalogError when the file is broken or already has the slug. */
export function addToCatalogText(text: string, fileName: string, entry: NewCatalogEntry): string {
  const before = parseCatalog(text, fileName);
  const kind = before.kind;
  const has = entry.kind === 'permission' ? before.snapshot.permissions.some((p) => p.slug === entry.slug) : before.snapshot.environmentRoles.some((r) => r.slug === entry.slug);
  if (has) throw new CatalogError(`already has the ${entry.kind} '${entry.slug}'`, { file: fileName });
  const doc = parseDocument(text, { keepSourceTokens: false });
  const key = listKey(kind, entry);
  const obj = entryObject(kind, entry);
  const list = doc.get(key, true) as Node | undefined;
  const next = kind === 'snapshot' ? insertJson(text, doc.contents as Node, list, key, obj) : insertYaml(text, doc, list, key, obj);
  const after = parseCatalog(next, fileName);
  const added = entry.kind === 'permission' ? after.snapshot.permissions.some((p) => p.slug === entry.slug) : after.snapshot.environmentRoles.some((r) => r.slug === entry.slug);
  if (!added) throw new CatalogError(`could not add the ${entry.kind} '${entry.slug}' in place`, { file: fileName });
  return next;
}

function yamlScalar(v: unknown): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

function insertYaml(text: string, doc: ReturnType<typeof parseDocument>, list: Node | undefined, key: string, obj: Record<string, unknown>): string {
  const eol = eolOf(text);
  const seq = isSeq(list) ? (list as YAMLSeq) : undefined;
  const last = seq?.items[seq.items.length - 1] as Node | undefined;
  if (!seq || seq.flow || !last?.range || (seq.items.length && !seq.items.every((i) => isMap(i) && !(i as { flow?: boolean }).flow))) {
    // No block list to extend (missing, empty `[]`, flow style): let the document API write it.
    if (list !== undefined && !isSeq(list) && !(isScalar(list) && list.value === null)) throw new CatalogError(`${key} is not a list`);
    if (seq) seq.add(doc.createNode(obj));
    else doc.set(key, doc.createNode([obj]));
    return doc.toString({ lineWidth: 0 });
  }
  const first = seq.items[0] as Node;
  const keyCol = column(text, first.range![0]);
  const dash = text.lastIndexOf('-', first.range![0]);
  const dashCol = column(text, dash);
  // After the last entry's last line (its trailing comment, if any, stays with it).
  let end = last.range![1];
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const nl = text.indexOf('\n', end);
  const at = nl < 0 ? text.length : nl + 1;
  const lines = Object.entries(obj).map(([k, v], i) => {
    const value = Array.isArray(v) && v.length === 0 ? '[]' : yamlScalar(v);
    return `${' '.repeat(i === 0 ? dashCol : keyCol)}${i === 0 ? '-' + ' '.repeat(keyCol - dashCol - 1) : ''}${k}: ${value}`;
  });
  const prefix = nl < 0 ? eol : '';
  return text.slice(0, at) + prefix + lines.join(eol) + eol + text.slice(at);
}

function insertJson(text: string, root: Node, list: Node | undefined, key: string, obj: Record<string, unknown>): string {
  const eol = eolOf(text);
  const indentUnit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const reindent = (json: string, indent: string) => json.split('\n').join(eol + indent);
  if (!isSeq(list)) {
    if (list !== undefined) throw new CatalogError(`${key} is not a list`);
    // No such list: a new key at the end of the top-level object.
    const close = (root.range?.[1] ?? text.length) - 1;
    const closeAt = text.lastIndexOf('}', close);
    let end = closeAt;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const entry = `${indentUnit}"${key}": [${eol}${indentUnit}${indentUnit}${reindent(JSON.stringify(obj, null, indentUnit), indentUnit + indentUnit)}${eol}${indentUnit}]`;
    return text.slice(0, end) + (text[end - 1] === '{' ? '' : ',') + eol + entry + eol + text.slice(closeAt);
  }
  const seq = list as YAMLSeq;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) {
    // `[]`: opened over lines, indented one unit more than the key's line.
    const open = seq.range![0];
    const keyIndent = /^[ \t]*/.exec(text.slice(lineStart(text, open)))![0];
    const inner = keyIndent + indentUnit;
    const closeAt = text.indexOf(']', open);
    return text.slice(0, open + 1) + eol + inner + reindent(JSON.stringify(obj, null, indentUnit), inner) + eol + keyIndent + text.slice(closeAt);
  }
  const indent = ' '.repeat(column(text, last.range[0]));
  return text.slice(0, last.range[1]) + ',' + eol + indent + reindent(JSON.stringify(obj, null, indentUnit), indent) + text.slice(last.range[1]);
}
