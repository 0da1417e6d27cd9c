// The extension's Output channel. Every line goes through `redact`, so the API key cannot reach the
// channel even if an error message or a server log line happens to carry it.

import * as vscode from 'vscode';
import { Redactor } from '../../server/src/protocol';

const redactor = new Redactor();

/** Registers a value that must never be written (the API key); call again with the new key on change. */
export function addSecret(value: string | undefined): void {
  redactor.add(value);
}

export function redact(text: string): string {
  return redactor.redact(text);
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  readonly channel: vscode.LogOutputChannel;
}

export function createLogger(name: string): Logger {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    channel,
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m, err) => channel.error(redact(err === undefined ? m : `${m}: ${err instanceof Error ? err.message : String(err)}`)),
  };
}
