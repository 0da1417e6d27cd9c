// Public API of where catalogs come from. Import from here, not from the modules.
//
// File loading: `loadCatalogFile(path): Catalog` (the contract shape) throws CatalogError and never
// half-loads. Warnings (a role naming a permission the file does not define) are not errors; get
// them with `readCatalogFile(path): { catalog, kind, warnings }` or `parseCatalog(text, name)`.

export {
  CATALOG_FILE_NAMES,
  catalogFileKind,
  loadCatalogFile,
  parseCatalog,
  parseCatalogText,
  readCatalogFile,
  type CatalogFileKind,
  type LoadedCatalog,
  type ParsedCatalog,
} from './files';
export { discoverCatalogFile } from './discover';
export { CatalogError } from './errors';
export { sortSnapshot } from './snapshotOrder';
export { CatalogStore, type CatalogState, type RefreshResult, type StaleInfo } from './store';
export { CatalogCache, keyFingerprint } from './cache';
export { canonicalSnapshot, pullInto, stringifySnapshot, writeFileAtomic, writeSnapshotFile, type PullOutcome } from './snapshotWrite';
export {
  countChanges,
  diffSnapshots,
  formatDiff,
  isEmptyDiff,
  type CatalogDiff,
  type FieldChange,
  type OrganizationRef,
  type RoleChange,
} from './diff';
export { catalogCommand, loadLiveCatalog, type CatalogCommandIo, type CatalogCommandOptions } from './cli';
export { primeFromCache, refreshLiveCatalog } from './live';
