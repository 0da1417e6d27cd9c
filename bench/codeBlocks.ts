// Snippets the workspace generator strings together: slug places of every kind the scanner
// knows, and filler code full of slug-shaped look-alikes (Tailwind variants, icon names, cache
// keys, i18n keys, event names) that must not be mistaken for slugs.

import type { Rng } from './prng';

export const WORDS = [
  'account', 'action', 'active', 'address', 'amount', 'audit', 'badge', 'banner', 'billing', 'button',
  'cache', 'card', 'cart', 'chart', 'client', 'column', 'config', 'context', 'count', 'cursor',
  'data', 'detail', 'dialog', 'draft', 'entry', 'error', 'event', 'field', 'filter', 'form',
  'group', 'header', 'history', 'item', 'label', 'layout', 'limit', 'list', 'loader', 'member',
  'menu', 'message', 'meta', 'modal', 'node', 'option', 'order', 'owner', 'page', 'panel',
  'plan', 'query', 'record', 'report', 'request', 'result', 'route', 'row', 'schema', 'search',
  'section', 'session', 'setting', 'sidebar', 'state', 'status', 'step', 'store', 'summary', 'table',
  'task', 'team', 'theme', 'ticket', 'token', 'toolbar', 'total', 'tree', 'upload', 'user',
  'value', 'view', 'widget', 'window', 'workspace',
];

const VERBS = ['load', 'fetch', 'build', 'render', 'parse', 'format', 'update', 'create', 'remove', 'sync',
  'resolve', 'compute', 'select', 'apply', 'validate', 'normalize', 'merge', 'toggle', 'handle', 'map'];

const TAILWIND = ['md:flex', 'lg:grid-cols-3', 'hover:bg-slate-100', 'dark:text-white', 'sm:px-4', 'focus:ring-2',
  'xl:max-w-7xl', 'group-hover:opacity-100', 'md:hidden', 'lg:block', 'dark:bg-gray-900', 'active:scale-95'];
const ICONS = ['lucide:check', 'lucide:x', 'mdi:account', 'heroicons:trash', 'tabler:settings', 'lucide:chevron-down',
  'mdi:bell-outline', 'ph:users-three'];
const EVENTS = ['user:created', 'order:paid', 'session:expired', 'cart.updated', 'checkout.completed', 'socket:connect',
  'upload:progress', 'invoice.finalized', 'auth:refresh', 'queue:drained'];
const I18N = ['settings.billing.title', 'dashboard.header.welcome', 'errors.not_found', 'common.actions.save',
  'auth.login.submit', 'team.members.invite', 'projects.list.empty', 'billing.invoice.download'];
const NODE_MODULES = ['node:fs', 'node:path', 'node:crypto', 'node:url', 'node:events', 'node:stream'];
const STATUSES = ['active', 'pending', 'archived', 'draft', 'failed', 'complete'];

export function camel(rng: Rng, parts = 2): string {
  let out = rng.pick(VERBS);
  for (let i = 0; i < parts - 1; i++) {
    const w = rng.pick(WORDS);
    out += w[0].toUpperCase() + w.slice(1);
  }
  return out;
}

export function pascal(rng: Rng, parts = 2): string {
  let out = '';
  for (let i = 0; i < parts; i++) {
    const w = rng.pick(WORDS);
    out += w[0].toUpperCase() + w.slice(1);
  }
  return out;
}

/** An expression that evaluates to a slug: a quoted literal or a reference to an imported constant. */
export interface SlugExpr {
  /** Source text to paste where the slug goes. */
  code: string;
  /** True when `code` is a quoted literal. */
  literal: boolean;
  slug: string;
}

/** What a block needs from the file being written. */
export interface BlockContext {
  rng: Rng;
  typed: boolean;
  jsx: boolean;
  perm(): SlugExpr;
  role(): SlugExpr;
  /** A literal role slug (case labels cannot be constants in this generator). */
  roleLiteral(): string;
  permLiteral(): string;
  resourceWord(): string;
  /** The catalog's resource type for a permission slug ('organization' when unknown). */
  resourceTypeFor(slug: string): string;
  actionWord(): string;
  useImport(line: string): void;
}

const t = (ctx: BlockContext, type: string): string => (ctx.typed ? `: ${type}` : '');

// ---------------------------------------------------------------------------------------------
// Slug places

export const SLUG_BLOCKS: ((ctx: BlockContext) => string)[] = [
  (ctx) => {
    const p = ctx.perm();
    return `
export function ${camel(ctx.rng)}(user${t(ctx, '{ permissions: string[] }')}) {
  if (!user.permissions.includes(${p.code})) {
    throw new ForbiddenError('missing permission');
  }
  return true;
}
`;
  },
  (ctx) => {
    const a = ctx.perm();
    const b = ctx.perm();
    return `
  const { permissions, role } = useAuth();
  const can${pascal(ctx.rng, 1)} = permissions?.includes(${a.code}) ?? false;
  const canAlso = permissions?.includes(${b.code}) && role !== ${ctx.role().code};
`;
  },
  (ctx) => {
    const r = ctx.role();
    return `
  if (session.role === ${r.code}) {
    return redirect('/admin/${ctx.rng.pick(['users', 'billing', 'audit'])}');
  }
`;
  },
  (ctx) => {
    const roles = [ctx.roleLiteral(), ctx.roleLiteral(), ctx.roleLiteral()];
    return `
function ${camel(ctx.rng)}(role${t(ctx, 'string')})${t(ctx, 'number')} {
  switch (role) {
    case '${roles[0]}':
      return 3;
    case '${roles[1]}':
    case '${roles[2]}':
      return 2;
    default:
      return 0;
  }
}
`;
  },
  (ctx) => `
  if (!hasPermission(${ctx.perm().code})) return null;
`,
  (ctx) => `
  await requirePermission(${ctx.perm().code});
`,
  (ctx) => `
  await requirePermission('${ctx.resourceWord()}', '${ctx.actionWord()}');
`,
  (ctx) => `
  const isAdmin = hasRole(${ctx.role().code});
`,
  (ctx) => {
    const p = ctx.perm();
    // Mostly right, as in code that works; sometimes the wrong type, as in code with a bug.
    const type = ctx.rng.chance(0.9) ? ctx.resourceTypeFor(p.slug) : ctx.rng.pick(['workspace', 'project', 'document', 'folder']);
    return `
export async function ${camel(ctx.rng)}(membershipId${t(ctx, 'string')}, id${t(ctx, 'string')}) {
  const { authorized } = await workos.authorization.check({
    organizationMembershipId: membershipId,
    permissionSlug: ${p.code},
    resourceTypeSlug: '${type}',
    resourceExternalId: id,
  });
  return authorized;
}
`;
  },
  (ctx) => {
    const r = ctx.role();
    return `
  await workos.authorization.assignRole({
    organizationMembershipId: membership.id,
    roleSlug: ${r.code},
    resourceTypeSlug: 'workspace',
    resourceExternalId: workspace.id,
  });
`;
  },
  (ctx) => `
  const memberships = await workos.userManagement.updateOrganizationMembership(membership.id, { roleSlug: ${ctx.role().code} });
`,
  (ctx) => `
  const visible = await workos.authorization.listResourcesForMembership({
    organizationMembershipId: om.id,
    permissionSlug: ${ctx.perm().code},
    parentResourceTypeSlug: 'workspace',
    parentResourceExternalId: workspaceId,
  });
`,
  (ctx) => {
    if (!ctx.jsx) return `\n  const allowed = user.permissions.includes(${ctx.perm().code});\n`;
    const p = ctx.perm();
    const attr = p.literal ? `permission=${p.code.replace(/^'|'$/g, '"')}` : `permission={${p.code}}`;
    return `
  return (
    <Can ${attr}>
      <Button variant="primary" className="md:flex hover:bg-slate-100" onClick={${camel(ctx.rng)}}>
        {t('${ctx.rng.pick(I18N)}')}
      </Button>
    </Can>
  );
`;
  },
  (ctx) => `
  const canAct = permissions.includes(\`\${resource}:${ctx.actionWord()}\`);
  const canRead = hasPermission(\`${ctx.resourceWord()}:\${action}\`);
`,
  (ctx) => `
  const isBilling = user.roles?.includes(${ctx.role().code});
`,
  (ctx) => `
  // Only members with '${ctx.permLiteral()}' may open this; see role === '${ctx.roleLiteral()}' below.
  /* hasPermission('${ctx.permLiteral()}') used to guard this route */
`,
  (ctx) => {
    const p = ctx.perm();
    return `
export const ${camel(ctx.rng)} = withAuth(async ({ permissions }) => {
  if (!permissions.includes(${p.code})) notFound();
});
`;
  },
];

// ---------------------------------------------------------------------------------------------
// Filler: ordinary code, with look-alikes that are slug-shaped but in no slug place

export const FILLER_BLOCKS: ((ctx: BlockContext) => string)[] = [
  (ctx) => {
    const name = pascal(ctx.rng);
    if (!ctx.typed) return `\n/** @typedef {{ id: string, ${ctx.rng.pick(WORDS)}: number }} ${name} */\n`;
    const fields = Array.from({ length: ctx.rng.int(3, 9) }, () =>
      `  ${ctx.rng.pick(WORDS)}${ctx.rng.int(1, 99)}${ctx.rng.chance(0.3) ? '?' : ''}: ${ctx.rng.pick(['string', 'number', 'boolean', 'Date', 'string[]', `${pascal(ctx.rng)} | null`])};`);
    return `\nexport interface ${name} {\n  id: string;\n${fields.join('\n')}\n}\n`;
  },
  (ctx) => {
    const fn = camel(ctx.rng);
    const w = ctx.rng.pick(WORDS);
    return `
export async function ${fn}(id${t(ctx, 'string')}, opts${t(ctx, `{ signal?: AbortSignal }`)} = {}) {
  const cacheKey = \`${w}:\${id}:detail\`;
  const cached = await cache.get(cacheKey);
  if (cached) return JSON.parse(cached);
  const res = await fetch(\`https://api.acme.dev/v1/${w}s/\${encodeURIComponent(id)}\`, {
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    signal: opts.signal,
  });
  if (!res.ok) throw new HttpError(res.status, '${ctx.rng.pick(I18N)}');
  const body = await res.json();
  await cache.set(cacheKey, JSON.stringify(body), { ttl: ${ctx.rng.int(10, 3600)} });
  return body;
}
`;
  },
  (ctx) => {
    if (!ctx.jsx) return FILLER_BLOCKS[1](ctx);
    const comp = pascal(ctx.rng);
    const tw = () => ctx.rng.pick(TAILWIND);
    return `
export function ${comp}({ items, onSelect }${ctx.typed ? `: { items: ${pascal(ctx.rng)}[]; onSelect(id: string): void }` : ''}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex items-center gap-2 ${tw()} ${tw()}">
      <Icon name="${ctx.rng.pick(ICONS)}" className={cn('${tw()}', open && '${tw()}')} />
      <ul className="divide-y ${tw()}">
        {items.map((item) => (
          <li key={item.id} onClick={() => onSelect(item.id)} className="px-3 py-2 ${tw()}">
            {item.${ctx.rng.pick(WORDS)}} <span title={t('${ctx.rng.pick(I18N)}')}>{formatTime(item.updatedAt, 'HH:mm')}</span>
          </li>
        ))}
      </ul>
      <button type="button" aria-label="toggle" onClick={() => setOpen(!open)}>{open ? '−' : '+'}</button>
    </div>
  );
}
`;
  },
  (ctx) => `
emitter.on('${ctx.rng.pick(EVENTS)}', async (payload${t(ctx, 'unknown')}) => {
  logger.info('${ctx.rng.pick(EVENTS)}', { at: '12:30', tz: 'Europe/Paris' });
  analytics.track('${ctx.rng.pick(EVENTS)}', { source: 'web' });
  queryClient.invalidateQueries({ queryKey: ['${ctx.rng.pick(WORDS)}:list', payload] });
});
`,
  (ctx) => {
    const cls = pascal(ctx.rng);
    const m1 = camel(ctx.rng);
    const m2 = camel(ctx.rng);
    return `
export class ${cls}Service {
  ${ctx.typed ? 'private readonly ' : ''}items = new Map${ctx.typed ? '<string, number>' : ''}();

  ${m1}(key${t(ctx, 'string')}, value${t(ctx, 'number')})${t(ctx, 'void')} {
    // Don't keep more than ${ctx.rng.int(100, 5000)} entries; older ones are evicted first.
    if (this.items.size > ${ctx.rng.int(100, 5000)}) {
      const first = this.items.keys().next().value;
      if (first !== undefined) this.items.delete(first);
    }
    this.items.set(key, value);
  }

  ${m2}(prefix${t(ctx, 'string')})${t(ctx, 'number')} {
    let total = 0;
    for (const [k, v] of this.items) if (k.startsWith(prefix)) total += v;
    return Math.round(total * ${ctx.rng.int(1, 9)}.${ctx.rng.int(0, 99)});
  }
}
`;
  },
  (ctx) => {
    const status = () => ctx.rng.pick(STATUSES);
    return `
function ${camel(ctx.rng)}(state${t(ctx, 'State')}, action${t(ctx, 'Action')})${t(ctx, 'State')} {
  switch (action.type) {
    case '${ctx.rng.pick(WORDS)}/added':
      return { ...state, items: [...state.items, action.payload] };
    case '${ctx.rng.pick(WORDS)}/removed':
      return { ...state, items: state.items.filter((i) => i.id !== action.payload.id) };
    case '${ctx.rng.pick(WORDS)}/status':
      return { ...state, status: action.payload === '${status()}' ? '${status()}' : '${status()}' };
    default:
      return state;
  }
}
`;
  },
  (ctx) => {
    const rows = Array.from({ length: ctx.rng.int(4, 12) }, () =>
      `  { key: '${ctx.rng.pick(WORDS)}', label: ${ctx.rng.chance(0.3) ? `t('${ctx.rng.pick(I18N)}')` : `'${pascal(ctx.rng)}'`},${ctx.rng.chance(0.2) ? ` icon: '${ctx.rng.pick(ICONS)}',` : ''} width: ${ctx.rng.int(40, 320)} },`);
    return `\nexport const ${ctx.rng.pick(WORDS).toUpperCase()}_COLUMNS = [\n${rows.join('\n')}\n];\n`;
  },
  (ctx) => `
describe('${camel(ctx.rng)}', () => {
  it('returns the ${ctx.rng.pick(WORDS)} for a known id', async () => {
    const result = await ${camel(ctx.rng)}('${ctx.rng.pick(WORDS)}_${ctx.rng.int(1, 9999)}');
    expect(result).toMatchObject({ status: '${ctx.rng.pick(STATUSES)}' });
  });
});
`,
  (ctx) => {
    const fn = camel(ctx.rng);
    return `
/**
 * ${pascal(ctx.rng)} helper. It doesn't retry: callers decide what "try again" means,
 * e.g. the job runner's backoff or the UI's "${ctx.rng.pick(WORDS)}" banner.
 */
export function ${fn}(values${t(ctx, 'readonly number[]')}, limit = ${ctx.rng.int(2, 50)}) {
  const out = [];
  for (let i = 0; i < values.length && out.length < limit; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v >= 0) out.push(v * ${ctx.rng.int(2, 10)});
  }
  return out.sort((a, b) => a - b);
}
`;
  },
  (ctx) => `
const timeout = setTimeout(() => controller.abort(new Error('timeout after ${ctx.rng.int(1, 30)}s')), ${ctx.rng.int(1000, 30000)});
const dateFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' });
const encoded = Buffer.from(\`\${user.id}:\${Date.now()}\`, 'utf-8').toString('base64url');
`,
];

/** Look-alike-heavy blocks are rarer: real code is mostly plain logic. */
export const FILLER_WEIGHTS = [1, 1.2, 1, 0.35, 1, 0.8, 0.4, 0.6, 1, 0.5];

export function pickFiller(rng: Rng): (ctx: BlockContext) => string {
  return rng.weighted(FILLER_BLOCKS.map((b, i) => [b, FILLER_WEIGHTS[i] ?? 1] as const));
}

export function importLookAlike(rng: Rng): string {
  return `import { ${rng.pick(['readFileSync', 'join', 'randomUUID', 'fileURLToPath', 'EventEmitter', 'Readable'])} as ${camel(rng, 1)} } from '${rng.pick(NODE_MODULES)}';`;
}
