// The status bar's words, kept free of the vscode module so they can be unit-tested.

import type { CatalogStateResult, EnvironmentState, FolderCatalogState } from '../../server/src/protocol';

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
  command: 'workosAuthz.refreshCatalog' | 'workosAuthz.setApiKey' | 'workosAuthz.setEnvironmentApiKey' | 'workosAuthz.showOutput';
}

export function formatAge(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

function sourceLabel(s: FolderCatalogState): string {
  switch (s.source) {
    case 'live':
      return `live ${s.host ?? ''}`.trim();
    case 'cache':
      return `cached ${s.host ?? ''}`.trim();
    case 'snapshot':
      return 'snapshot';
    case 'seed':
      return 'seed file';
    case 'emulate':
      return 'emulator config';
    default:
      return 'no catalog';
  }
}

/** Pure, so the wording is unit-testable; the restricted flag reflects workspace trust. */
export type ServerPhase = 'idle' | 'starting' | 'running' | 'failed';

/** Undefined while the server is idle (a workspace without WorkOS): the item is hidden then. */
export function statusView(state: CatalogStateResult | undefined, opts: { restricted: boolean; phase: ServerPhase }): StatusView | undefined {
  if (opts.phase === 'idle') return undefined;
  if (opts.phase === 'failed') {
    return { text: '$(error) WorkOS: server stopped', tooltip: 'WorkOS Authz: the language server is not running. Click to see its output.', warning: true, command: 'workosAuthz.showOutput' };
  }
  if (opts.phase === 'starting' || !state) {
    return { text: '$(loading~spin) WorkOS', tooltip: 'WorkOS Authz: starting the language server…', warning: false, command: 'workosAuthz.showOutput' };
  }
  const folders = state.folders;
  const primary = folders.find((f) => f.source !== 'none') ?? folders[0];
  if (!primary || primary.source === 'none') {
    const reason = primary?.staleReason ?? 'No catalog file found and no API key set.';
    return {
      text: '$(warning) WorkOS: no catalog',
      tooltip: `WorkOS Authz: ${reason}${opts.restricted ? '\nRestricted Mode: the live API is not used.' : '\nClick to set an API key.'}`,
      warning: true,
      command: opts.restricted ? 'workosAuthz.showOutput' : 'workosAuthz.setApiKey',
    };
  }
  if (primary.environments?.length) return environmentsView(primary, primary.environments, folders, opts.restricted);
  const stale = folders.filter((f) => f.stale);
  const age = formatAge(primary.ageSeconds);
  const c = primary.counts;
  const counts = `${c.permissions} permissions · ${c.roles} roles · ${c.organizations} orgs`;
  const lines = folders.map(
    (f) => `${f.folderName}: ${sourceLabel(f)}${f.path ? ` (${f.path})` : ''}${f.fetchedAt ? `, fetched ${f.fetchedAt}` : ''}${f.stale ? ` — stale: ${f.staleReason ?? 'unknown reason'}` : ''}`,
  );
  if (opts.restricted) lines.push('Restricted Mode: no API calls, the API key is not used.');
  const text = `${stale.length ? '$(warning)' : '$(shield)'} WorkOS: ${sourceLabel(primary)}${age ? ` · ${age}` : ''} · ${c.permissions}p/${c.roles}r`;
  if (stale.length) {
    const keyProblem = stale.some((f) => /unauthori|no[- ]key|api key/i.test(f.staleReason ?? ''));
    return {
      text,
      tooltip: `WorkOS Authz catalog is stale\n${lines.join('\n')}\n${counts}\nClick to ${keyProblem ? 'set the API key' : 'refresh'}.`,
      warning: true,
      command: keyProblem && !opts.restricted ? 'workosAuthz.setApiKey' : 'workosAuthz.refreshCatalog',
    };
  }
  return { text, tooltip: `WorkOS Authz catalog\n${lines.join('\n')}\n${counts}\nClick to refresh.`, warning: false, command: 'workosAuthz.refreshCatalog' };
}

/** Which named environments are loaded: `WorkOS: staging ✓ production ✗`, each one's source and problem in the tooltip. */
function environmentsView(primary: FolderCatalogState, environments: EnvironmentState[], folders: FolderCatalogState[], restricted: boolean): StatusView {
  const notLoaded = environments.filter((e) => !e.loaded);
  const troubled = environments.filter((e) => e.error);
  const text = `${troubled.length ? '$(warning)' : '$(layers)'} WorkOS: ${environments.map((e) => `${e.name} ${e.loaded ? '✓' : '✗'}`).join(' ')}`;
  const describe = (e: EnvironmentState): string => {
    const where = e.live ? `live ${e.host ?? ''}`.trim() : (e.path ?? 'catalog file');
    const counts = e.counts ? ` · ${e.counts.permissions} permissions, ${e.counts.roles} roles` : '';
    const problem = e.error ? ` — ${e.loaded ? 'stale' : 'not loaded'}: ${e.error}` : '';
    return `${e.name}${e.primary ? ' (checked against)' : ''}: ${where}${counts}${problem}`;
  };
  const lines = environments.map(describe);
  if (folders.length > 1) lines.push(...folders.filter((f) => f !== primary).map((f) => `${f.folderName}: ${sourceLabel(f)}`));
  if (restricted) lines.push('Restricted Mode: no API calls, the API keys are not used.');
  const missingKey = !restricted && notLoaded.some((e) => e.live && !e.hasKey);
  const title = notLoaded.length
    ? `WorkOS Authz environments: ${notLoaded.map((e) => e.name).join(', ')} not loaded, so slugs are not compared with ${notLoaded.length === 1 ? 'it' : 'them'}`
    : 'WorkOS Authz environments';
  return {
    text,
    tooltip: `${title}\n${lines.join('\n')}\nClick to ${missingKey ? 'set an environment API key' : 'refresh'}.`,
    warning: troubled.length > 0,
    command: missingKey ? 'workosAuthz.setEnvironmentApiKey' : 'workosAuthz.refreshCatalog',
  };
}
