export function nodeFromRegistry(spec: string, dir: string): string;
export function oldestVersion(range: string): string;
