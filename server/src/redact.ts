// Keeping the WorkOS API key out of everything people or files see: logs, Output channels, CLI
// output, error messages. Used by the CLI, the language server and the extension alike.

const KEY_SHAPE = /\bsk_[A-Za-z0-9_-]{8,}/g;

/** Replaces every occurrence of `secret` (a key of any shape) in `text`. */
export function redactSecret(text: string, secret: string | undefined | null): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

/** Anything shaped like a WorkOS secret key, even one this process was never given. */
export function redactKeyShapes(text: string): string {
  return text.replace(KEY_SHAPE, 'sk_[redacted]');
}

/** The secrets known at run time (the key in use), applied together with the key-shape rule. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** Forgets earlier secrets: the key was replaced or cleared. */
  set(secret: string | undefined | null): void {
    this.secrets.clear();
    this.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = redactSecret(out, s);
    return redactKeyShapes(out);
  }
}
