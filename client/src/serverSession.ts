// Owns the language client's lifecycle: start, restart, the key hand-over on start and on every
// change, and the catalog state the status bar and views follow.

import * as vscode from 'vscode';
import { State, type CancellationToken, type LanguageClient, type RequestParam, type RequestType } from 'vscode-languageclient/node';
import {
  CatalogRequest,
  CatalogStateChangedNotification,
  CatalogStateRequest,
  RefreshCatalogRequest,
  type ApiEndpoint,
  type CatalogResult,
  type CatalogStateResult,
} from '../../server/src/protocol';
import { mayCallWorkos } from './apiAccess';
import { liveEnvironmentNames, readApiEndpoint } from './config';
import { createLanguageClient, pushApiKey, pushEnvironmentKey } from './languageClient';
import type { ServerPhase } from './statusText';
import type { Credentials } from './credentials';
import type { Logger } from './log';

export class ServerSession implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Settles once the client is running (or failed to start); requests wait on this, not on the whole start-up. */
  private starting: Promise<void> | undefined;
  private readonly stateChanged = new vscode.EventEmitter<CatalogStateResult | undefined>();
  /** Fires with the latest catalog state (undefined while stopped). */
  readonly onDidChangeState = this.stateChanged.event;
  private lastState: CatalogStateResult | undefined;
  /** What each language client was last handed, so an unchanged key is not handed over again. */
  private readonly sent = new WeakMap<LanguageClient, { key: string | null; endpoint: string }>();
  /** The environment keys each client was last handed, by environment name. */
  private readonly sentEnvironments = new WeakMap<LanguageClient, Map<string, string | null>>();
  private readonly disposables: vscode.Disposable[] = [this.stateChanged];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly credentials: Credentials,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      credentials.onDidChange(() => void this.sendKey()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendKey()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('workosAuthz.environments')) void this.sendEnvironmentKeys();
      }),
    );
  }

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  private currentPhase: ServerPhase = 'idle';

  /** idle until started (a workspace without WorkOS never starts it), then starting, running or failed. */
  get phase(): ServerPhase {
    return this.currentPhase;
  }

  private setPhase(phase: ServerPhase): void {
    this.currentPhase = phase;
    this.stateChanged.fire(this.lastState);
  }

  get state(): CatalogStateResult | undefined {
    return this.lastState;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().catch((e) => {
      this.starting = undefined;
      this.setPhase('failed');
      this.log.error('the language server did not start', e);
      void vscode.window.showErrorMessage(`WorkOS Authz: the language server did not start: ${(e as Error).message}`);
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.setPhase('starting');
    const client = createLanguageClient({ context: this.context, output: this.log.channel, api: this.trustedEndpoint() });
    this.client = client;
    client.onDidChangeState((e) => {
      // A server that crashes too often is given up on: the client ends Stopped without our asking.
      if (e.newState === State.Running) this.setPhase('running');
      else if (e.newState === State.Stopped && this.currentPhase === 'running' && this.client === client) this.setPhase('failed');
    });
    client.onNotification(CatalogStateChangedNotification.type, (state) => this.setState(state));
    await client.start();
    await vscode.commands.executeCommand('setContext', 'workosAuthz:serverReady', true);
    this.log.info('language server started');
    await this.sendKey();
    // Not awaited by start(): the request waits for `starting`, which is this very function.
    void this.fetchState().catch((e) => this.log.error('catalog state request failed', e));
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.setState(undefined);
    if (old) await old.stop().catch((e) => this.log.error('stopping the language server failed', e));
    await this.start();
  }

  /**
   * Hands the key to the server, or withdraws it; in Restricted Mode the key is never sent. The
   * server ignores a hand-over that changes nothing, so commands call this before a WorkOS request
   * to be sure the server holds the stored key.
   */
  async sendKey(): Promise<void> {
    const client = this.client;
    if (!client?.isRunning()) return;
    const key = vscode.workspace.isTrusted ? ((await this.credentials.get()) ?? null) : null;
    const endpoint = this.trustedEndpoint();
    const sent = this.sent.get(client);
    if (!sent || sent.key !== key || sent.endpoint !== JSON.stringify(endpoint)) {
      await pushApiKey(client, key, endpoint);
      this.sent.set(client, { key, endpoint: JSON.stringify(endpoint) });
      this.log.info(key ? 'API key handed to the language server' : 'no API key for the language server');
    }
    await this.sendEnvironmentKeys();
  }

  /**
   * Hands each live environment's key (`workosAuthz.environments`) to the server, or withdraws it;
   * never in Restricted Mode. They go to the same user-level endpoint as the main key.
   */
  async sendEnvironmentKeys(): Promise<void> {
    const client = this.client;
    if (!client?.isRunning()) return;
    let sent = this.sentEnvironments.get(client);
    if (!sent) this.sentEnvironments.set(client, (sent = new Map()));
    const names = new Set([...liveEnvironmentNames(), ...sent.keys()]);
    for (const name of names) {
      const key = vscode.workspace.isTrusted ? ((await this.credentials.getEnvironment(name)) ?? null) : null;
      if ((sent.get(name) ?? null) === key) continue;
      await pushEnvironmentKey(client, name, key);
      sent.set(name, key);
      this.log.info(key ? `API key of environment ${name} handed to the language server` : `no API key for environment ${name}`);
    }
  }

  private trustedEndpoint(): ApiEndpoint | undefined {
    return vscode.workspace.isTrusted ? readApiEndpoint() : undefined;
  }

  /**
   * Whether a WorkOS call may be made now: not in Restricted Mode, and not without a key (then it
   * offers to set one). When it may, the server is running and holds the stored key.
   */
  async apiReady(): Promise<boolean> {
    if (!(await mayCallWorkos(this.credentials))) return false;
    if (!this.client) await this.start();
    await this.starting;
    await this.sendKey();
    return this.running;
  }

  /** Re-sends the key with the current (user-level) endpoint after an api setting changed. */
  async apiSettingsChanged(): Promise<void> {
    await this.sendKey();
  }

  async fetchState(): Promise<CatalogStateResult | undefined> {
    const state = await this.request(CatalogStateRequest.type, {});
    if (state) this.setState(state);
    return state;
  }

  async refreshCatalog(): Promise<CatalogStateResult | undefined> {
    const state = await this.request(RefreshCatalogRequest.type, {});
    if (state) this.setState(state);
    return state;
  }

  catalog(environment?: string): Promise<CatalogResult | undefined> {
    return this.request(CatalogRequest.type, environment ? { environment } : {});
  }

  /** Sends a request, starting the server first if it is idle; undefined when it is not running. */
  async request<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, token?: CancellationToken): Promise<R | undefined> {
    if (!this.client) await this.start();
    return this.requestIfStarted(type, params, token);
  }

  /** Like request, but never starts an idle server (a workspace without WorkOS keeps it idle). */
  async requestIfStarted<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, token?: CancellationToken): Promise<R | undefined> {
    await this.starting;
    const client = this.client;
    if (!client?.isRunning()) return undefined;
    return client.sendRequest(type, params, token);
  }

  private setState(state: CatalogStateResult | undefined): void {
    this.lastState = state;
    this.stateChanged.fire(state);
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.currentPhase = 'idle';
    if (c) await c.stop();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
