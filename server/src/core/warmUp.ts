// Readying the analysis code before the first request needs it. A server that has just started
// runs its scanner, rules, completion and hover in V8's interpreter, and builds each catalog's
// completion order and "did you mean" index when it is first asked: the first completion and hover
// of a session took 10–30 times their usual time. `warmUp` runs those paths over a small sample
// (a few dozen milliseconds, while the editor is still starting the server); `catalogWarmSteps`,
// which a server runs between requests, builds a newly loaded catalog's lookups before requests
// wait for them.

import { Catalog, SNAPSHOT_VERSION } from './catalog';
import { completionCandidates, completionDocumentation } from './completion';
import { doComplete, doHover, doValidation } from './languageService';
import { checkOccurrences } from './rules';
import type { Occurrence, SlugKind } from './types';
import { WorkspaceIndex } from './workspaceIndex';

const SAMPLE_CATALOG = new Catalog(
  {
    version: SNAPSHOT_VERSION,
    permissions: [
      { slug: 'video:create', name: 'Create videos', description: null },
      { slug: 'video:view', name: 'View videos', description: null },
      { slug: 'billing:manage', name: 'Manage billing', description: null },
    ],
    environmentRoles: [
      { slug: 'admin', name: 'Admin', description: null, permissions: ['video:create', 'video:view', 'billing:manage'], type: 'EnvironmentRole' },
      { slug: 'member', name: 'Member', description: null, permissions: ['video:view'], type: 'EnvironmentRole' },
    ],
    organizations: [],
  },
  { kind: 'snapshot' },
);

const CONSTANTS = `export const ROLES = { ADMIN: 'admin', MEMBER: 'membr' } as const;
export const PERMISSIONS = { CREATE: 'video:create', VIEW: 'video:veiw' } as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];
`;

/** The sample is a WorkOS file: it imports the SDK (spelled so no import checker takes it for an import of this module). */
const SDK = '@workos-inc/';

const PAGE = `import { ROLES, PERMISSIONS } from './roles';
import { withAuth } from '${SDK}authkit-nextjs';
import { WorkOS } from '${SDK}node';

const workos = new WorkOS(process.env.WORKOS_API_KEY);

export function hasPermission(user: { permissions: string[] }, permission: string): boolean {
  return user.permissions.includes(permission);
}

export async function Page({ orgId }: { orgId: string }) {
  const { role, permissions } = await withAuth({ ensureSignedIn: true });
  if (role === 'admn' || role === ROLES.ADMIN) console.log('admin');
  const canCreate = permissions.includes('video:craete') && permissions.includes(PERMISSIONS.VIEW);
  switch (role) {
    case 'member':
      break;
  }
  await workos.authorization.check({ organizationMembershipId: 'om_1', permissionSlug: 'billing:manage', resourceId: orgId });
  const key = \`cache:\${orgId}:videos\`;
  return <Can permission="video:view" label="md:flex">{canCreate ? key : null}</Can>;
}
`;

/** Runs the scanner, rules, completion and hover over a small sample a few times. */
export function warmUp(rounds = 12): void {
  // One larger file first: the lexer's and analyzer's loops get compiled while they run.
  const large = Array.from({ length: 40 }, (_, i) => PAGE.replaceAll('Page(', `Page${i}(`)).join('\n');
  for (let i = 0; i < 2; i++) {
    const index = new WorkspaceIndex();
    index.setFile('file:///warm-up/large.tsx', large);
    doValidation(index, 'file:///warm-up/large.tsx', SAMPLE_CATALOG);
    doComplete(large, large.length - 200, SAMPLE_CATALOG, { fileName: 'large.tsx' });
  }
  for (let i = 0; i < rounds; i++) {
    const index = new WorkspaceIndex();
    index.setFile('file:///warm-up/roles.ts', CONSTANTS);
    index.setFile('file:///warm-up/page.tsx', PAGE);
    index.updateFile('file:///warm-up/page.tsx', PAGE.replace("'video:craete'", "'video:create'"));
    doValidation(index, 'file:///warm-up/page.tsx', SAMPLE_CATALOG);
    doValidation(index, 'file:///warm-up/roles.ts', SAMPLE_CATALOG);
    const at = PAGE.indexOf("'billing:manage'") + 4;
    doHover(index, 'file:///warm-up/page.tsx', at, SAMPLE_CATALOG);
    const done = doComplete(PAGE, at, SAMPLE_CATALOG, { fileName: 'page.tsx' });
    for (const item of done?.items ?? []) completionDocumentation(SAMPLE_CATALOG, done!.kind, item.slug);
  }
}

/**
 * Builds a catalog's completion order and suggestion index for every kind, as requests would on
 * first use, as separate steps (each a few to a few dozen milliseconds on a 10,000-permission
 * catalog) for a server that answers requests between them. No step throws: a failure only leaves
 * the work to the first request, where an error would surface.
 */
export function catalogWarmSteps(catalog: Catalog): (() => void)[] {
  const kinds: SlugKind[] = ['permission', 'role', 'resource-type'];
  const guarded = (step: () => void) => () => {
    try {
      step();
    } catch {
      // Built again when first asked for.
    }
  };
  return [
    ...kinds.map((kind) =>
      guarded(() => {
        completionCandidates(catalog, kind, '', 1);
        completionCandidates(catalog, kind, 'x', 1);
      }),
    ),
    // A misspelling of each kind: the first "did you mean" builds the index of the catalog's slugs.
    ...kinds.map((kind) =>
      guarded(() => {
        const typo: Occurrence = {
          kind,
          slug: kind === 'role' ? 'warm-up-rol' : 'warm-up:permision',
          range: { start: 0, end: 20 },
          via: 'literal',
          place: 'warm-up',
          session: false,
          evidence: 'sdk',
        };
        checkOccurrences([typo], [], catalog);
      }),
    ),
  ];
}
