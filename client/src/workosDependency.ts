// Whether a package.json depends on WorkOS; pure, for unit tests.

/** True when a package.json text depends on an `@workos-inc/*` package. */
export function packageJsonUsesWorkos(text: string): boolean {
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = pkg[field];
      if (deps && typeof deps === 'object' && Object.keys(deps).some((name) => name.startsWith('@workos-inc/'))) return true;
    }
    return false;
  } catch {
    return false;
  }
}
