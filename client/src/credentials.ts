// The WorkOS API key: kept only in VS Code's secret storage (the OS keychain), never in settings.
// Secret storage is shared by every window, so a change in one window reaches the others through
// onDidChange and is pushed to each window's server.

import * as vscode from 'vscode';
import { addSecret } from './log';

export const API_KEY_SECRET = 'workosAuthz.apiKey';
/** A named environment's key (`workosAuthz.environments`, `"live": true`) is stored under this prefix + its name. */
export const ENVIRONMENT_KEY_SECRET_PREFIX = 'workosAuthz.apiKey.environment.';

export class Credentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the key was stored, replaced or deleted, in this window or another. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET || e.key.startsWith(ENVIRONMENT_KEY_SECRET_PREFIX)) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const key = (await this.secrets.get(API_KEY_SECRET)) || undefined;
    addSecret(key);
    return key;
  }

  async store(key: string): Promise<void> {
    addSecret(key);
    await this.secrets.store(API_KEY_SECRET, key);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(API_KEY_SECRET);
  }

  async getEnvironment(name: string): Promise<string | undefined> {
    const key = (await this.secrets.get(ENVIRONMENT_KEY_SECRET_PREFIX + name)) || undefined;
    addSecret(key);
    return key;
  }

  async storeEnvironment(name: string, key: string): Promise<void> {
    addSecret(key);
    await this.secrets.store(ENVIRONMENT_KEY_SECRET_PREFIX + name, key);
  }

  async clearEnvironment(name: string): Promise<void> {
    await this.secrets.delete(ENVIRONMENT_KEY_SECRET_PREFIX + name);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Cheap shape check before any network call, so an obviously pasted wrong value gets a clear answer. */
export function apiKeyShapeProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter a WorkOS API key.';
  if (/\s/.test(v)) return 'An API key has no spaces.';
  if (!/^sk_/.test(v)) return 'WorkOS secret keys start with "sk_".';
  return undefined;
}
