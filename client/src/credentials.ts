// The WorkOS API key: kept only in VS Code's secret storage (the OS keychain), never in settings.
// Secret storage is shared by every window, so a change in one window reaches the others through
// onDidChange and is pushed to each window's server.

import * as vscode from 'vscode';
import { addSecret } from './log';

export const API_KEY_SECRET = 'workosAuthz.apiKey';

export class Credentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the key was stored, replaced or deleted, in this window or another. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET) this.changed.fire();
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
