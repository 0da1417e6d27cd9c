// Follows `list_metadata.after` ourselves instead of the SDK's autoPagination(), which sleeps
// 350 ms between pages and loops forever on a server that repeats a cursor.

export const MAX_PAGES = 50;

export interface Page<T> {
  data: T[];
  listMetadata?: { after?: string | null };
}

export async function listAll<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>, maxPages = MAX_PAGES): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(after);
    items.push(...page.data);
    const next = page.listMetadata?.after ?? undefined;
    if (!next) return items;
    if (seen.has(next)) throw new Error(`the API repeated the page cursor ${next}`);
    seen.add(next);
    after = next;
  }
  throw new Error(`gave up after ${maxPages} pages`);
}
