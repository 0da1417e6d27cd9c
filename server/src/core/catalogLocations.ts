// Where each slug is defined inside a catalog file's text (snapshot JSON or seed YAML), for
// go-to-definition and workspace symbols. YAML is a superset of JSON, so one parser with
// source ranges serves both. Pure: text in, offsets out.

import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Range, SlugKind } from './types';

export interface CatalogEntryLocation {
  kind: SlugKind;
  slug: string;
  /** The slug's own text (inside the quotes when quoted). */
  range: Range;
  /** The whole entry (the object holding the slug), for a peek view. */
  entryRange: Range;
}

/** Every slug definition in a catalog file, in text order. A file that does not parse has none. */
export function catalogEntries(text: string): CatalogEntryLocation[] {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return [];
  }
  if (doc.errors.length && !doc.contents) return [];
  const out: CatalogEntryLocation[] = [];
  visit(doc.contents as Node | null, [], text, out);
  out.sort((a, b) => a.range.start - b.range.start);
  return out;
}

/** The definition of one slug: the first entry of that kind (an organization role defined by several organizations: the first). */
export function findCatalogEntry(text: string, kind: SlugKind, slug: string): CatalogEntryLocation | undefined {
  return catalogEntries(text).find((e) => e.kind === kind && e.slug === slug);
}

function kindOfKey(key: string | undefined): SlugKind | undefined {
  if (!key) return undefined;
  const k = key.toLowerCase();
  if (k.includes('permission')) return 'permission';
  if (k.includes('role')) return 'role';
  if (k.includes('resource')) return 'resource-type';
  return undefined;
}

function visit(node: Node | null | undefined, keys: string[], text: string, out: CatalogEntryLocation[]): void {
  if (!node) return;
  const parentKind = kindOfKey(keys[keys.length - 1]);
  if (isMap(node)) {
    const slugPair = node.items.find((p) => isScalar(p.key) && p.key.value === 'slug' && isScalar(p.value) && typeof p.value.value === 'string');
    if (slugPair && parentKind) {
      const value = slugPair.value as Node & { value: string };
      out.push({ kind: parentKind, slug: value.value, range: contentRange(value, text), entryRange: nodeRange(node) });
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      // `permissions: { 'video:create': { name: ... } }`: entries keyed by their slug.
      if (!slugPair && parentKind && key && isMap(pair.value) && !pair.value.items.some((p) => isScalar(p.key) && p.key.value === 'slug')) {
        out.push({ kind: parentKind, slug: key, range: contentRange(pair.key as Node, text), entryRange: nodeRange(pair.value) });
      }
      visit(pair.value as Node | null, key === undefined ? keys : [...keys, key], text, out);
    }
  } else if (isSeq(node)) {
    // A top-level list of plain slugs (`permissions: [a:read, a:write]`) defines them; the same
    // shape deeper down (a role's permission list) only refers to them.
    const defines = keys.length === 1 && parentKind !== undefined;
    for (const item of node.items) {
      if (defines && isScalar(item) && typeof item.value === 'string') {
        out.push({ kind: parentKind, slug: item.value, range: contentRange(item, text), entryRange: nodeRange(item) });
      } else {
        visit(item as Node | null, keys, text, out);
      }
    }
  }
}

function nodeRange(node: Node): Range {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** A scalar's range without its quotes. */
function contentRange(node: Node, text: string): Range {
  const r = nodeRange(node);
  const q = text[r.start];
  if ((q === '"' || q === "'") && r.end - r.start >= 2 && text[r.end - 1] === q) return { start: r.start + 1, end: r.end - 1 };
  return r;
}
