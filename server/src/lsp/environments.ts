// The named environments of `workosAuthz.environments` in the server: catalog files are loaded
// per folder (catalogState.ts); live ones each have their own key from the client and their own
// LiveCatalog (last good catalog, staleness, cache), all sent to the one user-level API host.

import type { Catalog } from '../core/catalog';
import type { EnvironmentCatalog } from '../core/environments';
import type { ApiEndpoint, EnvironmentSetting, EnvironmentState } from '../protocol';
import { primaryEnvironment } from '../settings';
import type { Folder } from './folder';
import { LiveCatalog } from './liveCatalog';

const NO_KEY = 'no API key set for this environment (WorkOS Authz: Set Environment API Key)';

export class Environments {
  private readonly lives = new Map<string, LiveCatalog>();
  private cacheDir?: string;

  setCacheDir(dir: string | undefined): void {
    this.cacheDir = dir;
    for (const live of this.lives.values()) live.setCacheDir(dir);
  }

  /** Returns true when the key changed (the environment's catalog is then refetched by `refresh`). */
  setKey(name: string, apiKey: string | null, api: ApiEndpoint): boolean {
    let live = this.lives.get(name);
    if (!live) {
      if (!apiKey) return false;
      live = new LiveCatalog();
      live.setCacheDir(this.cacheDir);
      this.lives.set(name, live);
    }
    const changed = live.configure(apiKey, api);
    if (!live.hasKey) {
      live.dispose();
      this.lives.delete(name);
    }
    return changed;
  }

  /** The user-level endpoint changed: every environment's key now goes there. */
  setEndpoint(api: ApiEndpoint): boolean {
    let changed = false;
    for (const live of this.lives.values()) changed = live.configure(undefined, api) || changed;
    return changed;
  }

  get hasKeys(): boolean {
    return this.lives.size > 0;
  }

  /** Fetches the named environments' live catalogs (all when omitted). Never throws. */
  async refresh(names?: string[]): Promise<void> {
    await Promise.all([...this.lives].filter(([n]) => !names || names.includes(n)).map(([, live]) => live.refresh()));
  }

  /** Every environment of the folder with its catalog, or why it has none. */
  catalogs(folder: Folder): EnvironmentCatalog[] {
    return folder.settings.environments.map((env) => this.catalogOf(folder, env));
  }

  /** The catalog the rules run against when environments are set; undefined when it is not loaded. */
  primaryCatalog(folder: Folder): Catalog | undefined {
    const primary = primaryEnvironment(folder.settings);
    return primary ? this.catalogOf(folder, primary).catalog : undefined;
  }

  catalogOfName(folder: Folder, name: string): EnvironmentCatalog | undefined {
    const env = folder.settings.environments.find((e) => e.name === name);
    return env ? this.catalogOf(folder, env) : undefined;
  }

  states(folder: Folder): EnvironmentState[] {
    const primary = primaryEnvironment(folder.settings);
    return folder.settings.environments.map((env) => {
      const { catalog, error } = this.catalogOf(folder, env);
      const state: EnvironmentState = { name: env.name, primary: env === primary, loaded: catalog !== undefined, live: env.live === true };
      if (env.live) {
        const live = this.lives.get(env.name);
        state.hasKey = live !== undefined;
        if (live) state.host = live.host;
      } else {
        state.path = folder.environmentFiles.get(env.name)?.path;
      }
      if (catalog) state.counts = { permissions: catalog.counts.permissions, roles: catalog.counts.roles };
      if (error) state.error = error;
      return state;
    });
  }

  dispose(): void {
    for (const live of this.lives.values()) live.dispose();
    this.lives.clear();
  }

  private catalogOf(folder: Folder, env: EnvironmentSetting): EnvironmentCatalog {
    if (env.live) {
      const live = this.lives.get(env.name);
      if (!live) return { name: env.name, error: NO_KEY };
      const s = live.state();
      return { name: env.name, catalog: s.catalog, error: s.error ?? (s.catalog ? undefined : 'the live catalog is being fetched') };
    }
    const file = folder.environmentFiles.get(env.name);
    return { name: env.name, catalog: file?.catalog, error: file?.error ?? (file?.catalog ? undefined : `catalog file ${env.catalogFile} not loaded`) };
  }
}
