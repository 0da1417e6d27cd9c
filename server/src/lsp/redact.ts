// The API key lives in memory only; anything logged passes through here in case an error
// message from a library echoes it back.

let secrets: string[] = [];

export function setSecret(value: string | null): void {
  secrets = value ? [value] : [];
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  // Anything shaped like a WorkOS secret key, even one we were never given.
  return out.replace(/sk_[A-Za-z0-9_]{8,}/g, 'sk_[redacted]');
}
