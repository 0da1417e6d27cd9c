// Module resolution: relative specifiers, tsconfig paths/baseUrl/extends, workspace packages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModuleResolver, parseJsonc } from '../../server/src/core/moduleResolution';

/** A resolver over these configs (uri → JSON value or raw text) and files. */
function setup(configs: Record<string, unknown>, files: string[]) {
  const r = new ModuleResolver();
  for (const [uri, v] of Object.entries(configs)) r.setConfig(uri, typeof v === 'string' ? v : JSON.stringify(v));
  const set = new Set(files);
  const calls: string[] = [];
  const exists = (u: string) => {
    calls.push(u);
    return set.has(u);
  };
  return { r, files: set, calls, resolve: (from: string, spec: string) => r.resolve(from, spec, exists) };
}

describe('parseJsonc', () => {
  test('comments, trailing commas, and strings holding comment markers', () => {
    const text = `\uFEFF{
      // line comment
      "a": "http://x.test/*not a comment*/", /* block
      comment */ "b": [1, 2, ],
      "c": { "d": "say \\"//\\"", },
    }`;
    assert.deepEqual(parseJsonc(text), { a: 'http://x.test/*not a comment*/', b: [1, 2], c: { d: 'say "//"' } });
  });

  test('malformed text throws', () => {
    assert.throws(() => parseJsonc('{ "a": 1 /* open'));
    assert.throws(() => parseJsonc('{ "a": "open }'));
    assert.throws(() => parseJsonc('{ "a": }'));
  });
});

describe('isConfigFile', () => {
  test('wanted names only', () => {
    for (const u of ['/w/tsconfig.json', 'file:///w/tsconfig.app.json', '/w/jsconfig.json', '/w/packages/a/package.json', '/w/tsconfig.base.json']) {
      assert.equal(ModuleResolver.isConfigFile(u), true, u);
    }
    for (const u of ['/w/config.json', '/w/package-lock.json', '/w/xtsconfig.json', '/w/node_modules/x/package.json', '/w/tsconfig.ts']) {
      assert.equal(ModuleResolver.isConfigFile(u), false, u);
    }
  });
});

describe('relative specifiers', () => {
  const files = ['/w/src/roles.ts', '/w/src/perm.tsx', '/w/src/legacy.js', '/w/src/auth/index.ts', '/w/src/esm.mts', '/w/src/cjs.cts', '/w/src/data.json', '/w/src/both.ts', '/w/src/both.js'];
  const { resolve } = setup({}, files);
  const from = '/w/src/app/page.ts';

  test('extension and index rules', () => {
    assert.equal(resolve(from, '../roles'), '/w/src/roles.ts');
    assert.equal(resolve(from, '../perm'), '/w/src/perm.tsx');
    assert.equal(resolve(from, '../legacy'), '/w/src/legacy.js');
    assert.equal(resolve(from, '../auth'), '/w/src/auth/index.ts');
    assert.equal(resolve(from, '../auth/'), '/w/src/auth/index.ts');
    assert.equal(resolve('/w/src/auth/x.ts', '.'), '/w/src/auth/index.ts');
    assert.equal(resolve(from, '../data.json'), '/w/src/data.json');
    assert.equal(resolve(from, '../missing'), undefined);
  });

  test('.js/.mjs/.cjs specifiers map to their TypeScript sources, preferred over the .js file', () => {
    assert.equal(resolve(from, '../roles.js'), '/w/src/roles.ts');
    assert.equal(resolve(from, '../perm.js'), '/w/src/perm.tsx');
    assert.equal(resolve(from, '../esm.mjs'), '/w/src/esm.mts');
    assert.equal(resolve(from, '../cjs.cjs'), '/w/src/cjs.cts');
    assert.equal(resolve(from, '../both.js'), '/w/src/both.ts');
    assert.equal(resolve(from, '../legacy.js'), '/w/src/legacy.js');
  });

  test('no .d.ts in the extension list', () => {
    const { resolve } = setup({}, ['/w/src/types.d.ts']);
    assert.equal(resolve('/w/src/a.ts', './types'), undefined);
  });

  test('file:/// URIs keep their prefix and normalise . and ..', () => {
    const { resolve } = setup({}, ['file:///w/src/roles.ts', 'file:///w/src/auth/index.tsx']);
    assert.equal(resolve('file:///w/src/app/page.ts', '.././roles'), 'file:///w/src/roles.ts');
    assert.equal(resolve('file:///w/src/app/page.ts', '../app/../auth'), 'file:///w/src/auth/index.tsx');
  });

  test('specifier text is percent-encoded inside URIs, raw in plain paths', () => {
    const a = setup({}, ['file:///w/src/my%20roles.ts']);
    assert.equal(a.resolve('file:///w/src/a.ts', './my roles'), 'file:///w/src/my%20roles.ts');
    const b = setup({}, ['file:///w/src/my roles.ts']);
    assert.equal(b.resolve('file:///w/src/a.ts', './my roles'), 'file:///w/src/my roles.ts');
    const c = setup({}, ['/w/src/my roles.ts']);
    assert.equal(c.resolve('/w/src/a.ts', './my roles'), '/w/src/my roles.ts');
  });

  test('bare specifiers without any config stay unresolved', () => {
    const { resolve } = setup({}, ['/w/src/roles.ts', '/w/node_modules/react/index.js']);
    assert.equal(resolve('/w/src/a.ts', 'roles'), undefined);
    assert.equal(resolve('/w/src/a.ts', 'react'), undefined);
  });
});

describe('tsconfig paths', () => {
  test('two files export the same name: only the one the alias points to resolves', () => {
    const files = ['/w/src/lib/roles.ts', '/w/legacy/lib/roles.ts'];
    const { resolve } = setup({ '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } } }, files);
    assert.equal(resolve('/w/src/app/page.tsx', '@/lib/roles'), '/w/src/lib/roles.ts');
    const other = setup({ '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./legacy/*'] } } } }, files);
    assert.equal(other.resolve('/w/src/app/page.tsx', '@/lib/roles'), '/w/legacy/lib/roles.ts');
  });

  test('paths relative to baseUrl when set, substitutions tried in order', () => {
    const { resolve } = setup(
      { '/w/tsconfig.json': { compilerOptions: { baseUrl: './app', paths: { '~/*': ['./generated/*', './src/*'] } } } },
      ['/w/app/src/auth.ts', '/w/src/auth.ts', '/w/app/generated/perms.ts', '/w/app/src/perms.ts'],
    );
    assert.equal(resolve('/w/app/src/x.ts', '~/auth'), '/w/app/src/auth.ts');
    assert.equal(resolve('/w/app/src/x.ts', '~/perms'), '/w/app/generated/perms.ts');
  });

  test('an exact key beats a pattern; the longest prefix wins; failing paths fall back to baseUrl', () => {
    const { resolve } = setup(
      {
        '/w/tsconfig.json': {
          compilerOptions: {
            baseUrl: '.',
            paths: { '@/*': ['src/*'], '@/auth/*': ['packages/auth/*'], '@/roles': ['src/special-roles.ts'] },
          },
        },
      },
      ['/w/src/auth/roles.ts', '/w/packages/auth/roles.ts', '/w/src/roles.ts', '/w/src/special-roles.ts', '/w/@/other.ts'],
    );
    assert.equal(resolve('/w/src/x.ts', '@/auth/roles'), '/w/packages/auth/roles.ts');
    assert.equal(resolve('/w/src/x.ts', '@/roles'), '/w/src/special-roles.ts');
    // No `src/other`: the `@/*` pattern fails, then baseUrl takes `@/other` literally.
    assert.equal(resolve('/w/src/x.ts', '@/other'), '/w/@/other.ts');
  });

  test('paths without baseUrl go no further (no baseUrl lookup)', () => {
    const { resolve } = setup({ '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } } }, ['/w/lib/roles.ts']);
    assert.equal(resolve('/w/src/x.ts', 'lib/roles'), undefined);
  });

  test('baseUrl only', () => {
    const { resolve } = setup({ '/w/tsconfig.json': { compilerOptions: { baseUrl: 'src' } } }, ['/w/src/lib/roles.ts', '/w/lib/roles.ts']);
    assert.equal(resolve('/w/src/app/page.ts', 'lib/roles'), '/w/src/lib/roles.ts');
    assert.equal(resolve('/w/src/app/page.ts', 'lib/missing'), undefined);
  });

  test('jsconfig.json works; tsconfig.json wins in the same folder', () => {
    const js = setup({ '/w/jsconfig.json': { compilerOptions: { paths: { '@/*': ['./js/*'] } } } }, ['/w/js/roles.js', '/w/ts/roles.ts']);
    assert.equal(js.resolve('/w/a.js', '@/roles'), '/w/js/roles.js');
    const both = setup(
      {
        '/w/jsconfig.json': { compilerOptions: { paths: { '@/*': ['./js/*'] } } },
        '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./ts/*'] } } },
      },
      ['/w/js/roles.js', '/w/ts/roles.ts'],
    );
    assert.equal(both.resolve('/w/a.js', '@/roles'), '/w/ts/roles.ts');
  });

  test('nearest config wins in a monorepo with two apps mapping @/ differently', () => {
    const files = ['/m/apps/web/src/roles.ts', '/m/apps/admin/app/roles.ts', '/m/shared/roles.ts'];
    const { resolve } = setup(
      {
        '/m/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./shared/*'] } } },
        '/m/apps/web/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } },
        '/m/apps/admin/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./app/*'] } } },
      },
      files,
    );
    assert.equal(resolve('/m/apps/web/src/pages/a.tsx', '@/roles'), '/m/apps/web/src/roles.ts');
    assert.equal(resolve('/m/apps/admin/app/b.tsx', '@/roles'), '/m/apps/admin/app/roles.ts');
    assert.equal(resolve('/m/scripts/seed.ts', '@/roles'), '/m/shared/roles.ts');
    // Same directories again (answered from the per-directory cache).
    assert.equal(resolve('/m/apps/admin/app/c.tsx', '@/roles'), '/m/apps/admin/app/roles.ts');
    assert.equal(resolve('/m/apps/web/src/pages/d.tsx', '@/roles'), '/m/apps/web/src/roles.ts');
  });

  test('file:/// URIs throughout', () => {
    const { resolve } = setup(
      { 'file:///w/tsconfig.json': { compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } } },
      ['file:///w/src/lib/roles.ts', 'file:///w/lib/other.ts'],
    );
    assert.equal(resolve('file:///w/src/app/page.ts', '@/lib/roles'), 'file:///w/src/lib/roles.ts');
    assert.equal(resolve('file:///w/src/app/page.ts', 'lib/other'), 'file:///w/lib/other.ts');
  });

  test('tsconfig text with comments and trailing commas', () => {
    const text = `{
      // aliases
      "compilerOptions": {
        /* "paths": { "@/*": ["./wrong/*"] }, */
        "paths": { "@/*": ["./src/*",], },
      },
    }`;
    const { resolve } = setup({ '/w/tsconfig.json': text }, ['/w/src/roles.ts', '/w/wrong/roles.ts']);
    assert.equal(resolve('/w/a.ts', '@/roles'), '/w/src/roles.ts');
  });
});

describe('extends', () => {
  test('paths defined in the base config resolve relative to the base', () => {
    const { resolve } = setup(
      {
        '/m/tsconfig.base.json': { compilerOptions: { paths: { '~/*': ['./packages/shared/*'] } } },
        '/m/apps/web/tsconfig.json': { extends: '../../tsconfig.base.json', compilerOptions: { strict: true } },
      },
      ['/m/packages/shared/auth.ts', '/m/apps/web/packages/shared/auth.ts'],
    );
    assert.equal(resolve('/m/apps/web/src/a.ts', '~/auth'), '/m/packages/shared/auth.ts');
  });

  test('chains, extends without .json, and the child overriding paths', () => {
    const configs = {
      '/m/configs/tsconfig.root.json': { compilerOptions: { baseUrl: '../src' } },
      '/m/configs/tsconfig.mid.json': { extends: './tsconfig.root', compilerOptions: { paths: { '@/*': ['./mid/*'] } } },
      '/m/app/tsconfig.json': { extends: '../configs/tsconfig.mid' },
    };
    const files = ['/m/src/mid/roles.ts', '/m/configs/mid/roles.ts', '/m/src/lib/perm.ts'];
    const { r, resolve } = setup(configs, files);
    // baseUrl from the root config (relative to it) makes paths relative to baseUrl.
    assert.equal(resolve('/m/app/a.ts', '@/roles'), '/m/src/mid/roles.ts');
    assert.equal(resolve('/m/app/a.ts', 'lib/perm'), '/m/src/lib/perm.ts');
    // The child's own paths replace the inherited ones.
    r.setConfig('/m/app/tsconfig.json', JSON.stringify({ extends: '../configs/tsconfig.mid', compilerOptions: { paths: { '@/*': ['lib/*'] } } }));
    assert.equal(resolve('/m/app/a.ts', '@/perm'), '/m/src/lib/perm.ts');
    assert.equal(resolve('/m/app/a.ts', '@/roles'), undefined);
  });

  test('extends as an array: later entries override earlier ones', () => {
    const { resolve } = setup(
      {
        '/w/tsconfig.a.json': { compilerOptions: { paths: { '@/*': ['./a/*'] } } },
        '/w/tsconfig.b.json': { compilerOptions: { paths: { '@/*': ['./b/*'] } } },
        '/w/tsconfig.c.json': { compilerOptions: { baseUrl: './c' } },
        '/w/tsconfig.json': { extends: ['./tsconfig.a.json', './tsconfig.b.json', './tsconfig.c.json', '@tsconfig/strictest'] },
      },
      ['/w/a/roles.ts', '/w/c/b/roles.ts', '/w/b/roles.ts'],
    );
    // paths from b, made relative to c's baseUrl.
    assert.equal(resolve('/w/x.ts', '@/roles'), '/w/c/b/roles.ts');
  });

  test('extends cycles do not hang', () => {
    const { resolve } = setup(
      {
        '/w/tsconfig.json': { extends: './tsconfig.other.json' },
        '/w/tsconfig.other.json': { extends: './tsconfig.json', compilerOptions: { paths: { '@/*': ['./src/*'] } } },
      },
      ['/w/src/roles.ts'],
    );
    assert.equal(resolve('/w/x.ts', '@/roles'), '/w/src/roles.ts');
  });

  test('a base config set later takes effect (caches invalidated)', () => {
    const { r, resolve } = setup({ '/w/tsconfig.json': { extends: './tsconfig.base.json' } }, ['/w/src/roles.ts']);
    assert.equal(resolve('/w/x.ts', '@/roles'), undefined);
    assert.equal(r.setConfig('/w/tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } })), true);
    assert.equal(resolve('/w/x.ts', '@/roles'), '/w/src/roles.ts');
  });

  test('extends a workspace package config', () => {
    const { resolve } = setup(
      {
        '/m/packages/tsconfig/package.json': { name: '@acme/tsconfig' },
        '/m/packages/tsconfig/tsconfig.app.json': { compilerOptions: { baseUrl: '../../shared' } },
        '/m/apps/web/tsconfig.json': { extends: '@acme/tsconfig/tsconfig.app.json' },
      },
      ['/m/shared/roles.ts'],
    );
    assert.equal(resolve('/m/apps/web/a.ts', 'roles'), '/m/shared/roles.ts');
  });
});

describe('solution-style tsconfig with references', () => {
  test('a config mapping nothing uses its references\u2019 mappings', () => {
    const { resolve } = setup(
      {
        '/w/tsconfig.json': { files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] },
        '/w/tsconfig.app.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } },
        '/w/tsconfig.node.json': { compilerOptions: {} },
      },
      ['/w/src/lib/roles.ts'],
    );
    assert.equal(resolve('/w/src/App.tsx', '@/lib/roles'), '/w/src/lib/roles.ts');
  });
});

describe('workspace packages', () => {
  const from = '/m/apps/web/src/page.ts';

  test('bare name: exports["."] string, with dist mapped back to src', () => {
    const { resolve } = setup(
      { '/m/packages/auth/package.json': { name: '@acme/auth', exports: './dist/index.js' } },
      ['/m/packages/auth/src/index.ts'],
    );
    assert.equal(resolve(from, '@acme/auth'), '/m/packages/auth/src/index.ts');
    assert.equal(resolve(from, '@acme/other'), undefined);
  });

  test('the target itself comes before its src counterpart', () => {
    const { resolve } = setup(
      { '/m/packages/auth/package.json': { name: '@acme/auth', main: 'lib/index.js' } },
      ['/m/packages/auth/src/index.ts', '/m/packages/auth/lib/index.js'],
    );
    assert.equal(resolve(from, '@acme/auth'), '/m/packages/auth/lib/index.js');
  });

  test('bare name: nested conditions; a .d.ts target prefers its source', () => {
    const { resolve } = setup(
      {
        '/m/packages/auth/package.json': {
          name: '@acme/auth',
          exports: { '.': { import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.mjs' }, require: './dist/cjs/index.cjs' } },
        },
      },
      ['/m/packages/auth/dist/esm/index.d.ts', '/m/packages/auth/src/index.ts'],
    );
    assert.equal(resolve(from, '@acme/auth'), '/m/packages/auth/src/index.ts');
  });

  test('bare name: exports as a conditions object without "."', () => {
    const { resolve } = setup(
      { '/m/packages/auth/package.json': { name: '@acme/auth', exports: { types: './types/main.d.ts', default: './source/main.ts' } } },
      ['/m/packages/auth/source/main.ts'],
    );
    assert.equal(resolve(from, '@acme/auth'), '/m/packages/auth/source/main.ts');
  });

  test('bare name: types, module, main, then src/index, then index', () => {
    const pkg = '/m/packages/auth/package.json';
    const a = setup({ [pkg]: { name: 'acme-auth', types: './entry/types.ts', main: './entry/main.js' } }, ['/m/packages/auth/entry/types.ts', '/m/packages/auth/entry/main.js']);
    assert.equal(a.resolve(from, 'acme-auth'), '/m/packages/auth/entry/types.ts');
    const b = setup({ [pkg]: { name: 'acme-auth', module: 'esm.js', main: 'main.js' } }, ['/m/packages/auth/esm.js', '/m/packages/auth/main.js']);
    assert.equal(b.resolve(from, 'acme-auth'), '/m/packages/auth/esm.js');
    const c = setup({ [pkg]: { name: 'acme-auth' } }, ['/m/packages/auth/src/index.tsx', '/m/packages/auth/index.js']);
    assert.equal(c.resolve(from, 'acme-auth'), '/m/packages/auth/src/index.tsx');
    const d = setup({ [pkg]: { name: 'acme-auth' } }, ['/m/packages/auth/index.js']);
    assert.equal(d.resolve(from, 'acme-auth'), '/m/packages/auth/index.js');
  });

  test('subpaths: exact exports key, ./* pattern, then the folder', () => {
    const { resolve } = setup(
      {
        '/m/packages/auth/package.json': {
          name: '@acme/auth',
          exports: { '.': './src/index.ts', './roles': { types: './dist/roles.d.ts', import: './dist/roles.js' }, './features/*': './src/features/*.ts' },
        },
      },
      ['/m/packages/auth/src/roles.ts', '/m/packages/auth/src/features/billing.ts', '/m/packages/auth/utils/perm.ts', '/m/packages/auth/utils/index.ts'],
    );
    assert.equal(resolve(from, '@acme/auth/roles'), '/m/packages/auth/src/roles.ts');
    assert.equal(resolve(from, '@acme/auth/features/billing'), '/m/packages/auth/src/features/billing.ts');
    assert.equal(resolve(from, '@acme/auth/utils/perm'), '/m/packages/auth/utils/perm.ts');
    assert.equal(resolve(from, '@acme/auth/utils'), '/m/packages/auth/utils/index.ts');
    assert.equal(resolve(from, '@acme/auth/nothing'), undefined);
  });

  test('the longest exports pattern wins', () => {
    const { resolve } = setup(
      { '/m/packages/ui/package.json': { name: '@acme/ui', exports: { './*': './src/*.ts', './icons/*': './icons/*.tsx' } } },
      ['/m/packages/ui/icons/lock.tsx', '/m/packages/ui/src/icons/lock.ts'],
    );
    assert.equal(resolve(from, '@acme/ui/icons/lock'), '/m/packages/ui/icons/lock.tsx');
  });

  test('tsconfig paths come before workspace packages', () => {
    const { resolve } = setup(
      {
        '/m/tsconfig.json': { compilerOptions: { paths: { '@acme/auth': ['./vendor/auth.ts'] } } },
        '/m/packages/auth/package.json': { name: '@acme/auth' },
      },
      ['/m/vendor/auth.ts', '/m/packages/auth/src/index.ts'],
    );
    assert.equal(resolve(from, '@acme/auth'), '/m/vendor/auth.ts');
  });

  test('package.json imports (#internal)', () => {
    const { resolve } = setup(
      { '/m/apps/web/package.json': { name: 'web', imports: { '#auth/*': './src/auth/*.js', '#roles': { default: './src/roles.js' } } } },
      ['/m/apps/web/src/auth/session.ts', '/m/apps/web/src/roles.ts'],
    );
    assert.equal(resolve(from, '#auth/session'), '/m/apps/web/src/auth/session.ts');
    assert.equal(resolve(from, '#roles'), '/m/apps/web/src/roles.ts');
    assert.equal(resolve(from, '#nope'), undefined);
  });

  test('packages under node_modules are never used', () => {
    const { r, resolve } = setup({}, ['/m/node_modules/@acme/auth/index.ts']);
    assert.equal(r.setConfig('/m/node_modules/@acme/auth/package.json', JSON.stringify({ name: '@acme/auth', main: 'index.ts' })), false);
    assert.equal(resolve(from, '@acme/auth'), undefined);
  });

  test('file:/// URIs with an encoded scope folder', () => {
    const { resolve } = setup(
      { 'file:///m/packages/%40acme/auth/package.json': { name: '@acme/auth', exports: { './roles': './dist/roles.js' } } },
      ['file:///m/packages/%40acme/auth/src/roles.ts'],
    );
    assert.equal(resolve('file:///m/apps/web/a.ts', '@acme/auth/roles'), 'file:///m/packages/%40acme/auth/src/roles.ts');
  });
});

describe('setConfig / removeConfig', () => {
  test('malformed JSON is ignored without throwing, and drops what the file held before', () => {
    const { r, resolve } = setup({ '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } } }, ['/w/src/roles.ts']);
    assert.equal(resolve('/w/x.ts', '@/roles'), '/w/src/roles.ts');
    let changed: boolean | undefined;
    assert.doesNotThrow(() => (changed = r.setConfig('/w/tsconfig.json', '{ "compilerOptions": { "paths": ')));
    assert.equal(changed, true);
    assert.equal(resolve('/w/x.ts', '@/roles'), undefined);
    assert.equal(r.setConfig('/w/tsconfig.json', 'not json'), false);
    assert.equal(r.setConfig('/w/tsconfig.json', '[1, 2]'), false);
    assert.doesNotThrow(() => r.setConfig('/w/package.json', '{"name": '));
    assert.doesNotThrow(() => r.setConfig('/w/tsconfig.b.json', JSON.stringify({ extends: 42, compilerOptions: { paths: 'x', baseUrl: 7 }, references: 'x' })));
  });

  test('odd shapes inside valid JSON are skipped', () => {
    const { resolve } = setup(
      {
        '/w/tsconfig.json': { compilerOptions: { paths: { '@/*/x/*': ['./a/*/*'], '~/*': 'not-an-array', '#/*': [1, './src/*'] } } },
        '/w/packages/p/package.json': { name: 'p', exports: { '.': null }, main: 42 },
      },
      ['/w/src/roles.ts', '/w/packages/p/src/index.ts'],
    );
    assert.equal(resolve('/w/x.ts', '#/roles'), '/w/src/roles.ts');
    assert.equal(resolve('/w/x.ts', '~/roles'), undefined);
    assert.equal(resolve('/w/x.ts', 'p'), '/w/packages/p/src/index.ts');
  });

  test('removeConfig undoes setConfig', () => {
    const { r, resolve } = setup(
      {
        '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } },
        '/w/packages/auth/package.json': { name: '@acme/auth' },
      },
      ['/w/src/roles.ts', '/w/packages/auth/src/index.ts'],
    );
    assert.equal(resolve('/w/x.ts', '@/roles'), '/w/src/roles.ts');
    assert.equal(resolve('/w/x.ts', '@acme/auth'), '/w/packages/auth/src/index.ts');
    assert.equal(r.removeConfig('/w/tsconfig.json'), true);
    assert.equal(r.removeConfig('/w/packages/auth/package.json'), true);
    assert.equal(resolve('/w/x.ts', '@/roles'), undefined);
    assert.equal(resolve('/w/x.ts', '@acme/auth'), undefined);
    assert.equal(r.removeConfig('/w/tsconfig.json'), false);
  });

  test('removing the nearer config falls back to the farther one', () => {
    const { r, resolve } = setup(
      {
        '/m/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./shared/*'] } } },
        '/m/apps/web/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } },
      },
      ['/m/shared/roles.ts', '/m/apps/web/src/roles.ts'],
    );
    assert.equal(resolve('/m/apps/web/src/a.ts', '@/roles'), '/m/apps/web/src/roles.ts');
    r.removeConfig('/m/apps/web/tsconfig.json');
    assert.equal(resolve('/m/apps/web/src/a.ts', '@/roles'), '/m/shared/roles.ts');
  });

  test('returns whether resolution may have changed', () => {
    const r = new ModuleResolver();
    const cfg = JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } });
    assert.equal(r.setConfig('/w/tsconfig.json', cfg), true);
    assert.equal(r.setConfig('/w/tsconfig.json', `// same\n${cfg}`), false);
    assert.equal(r.setConfig('/w/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./lib/*'] } } })), true);
    assert.equal(r.setConfig('/w/notes.json', '{}'), false);
  });
});

describe('cost', () => {
  test('node_modules imports cost few existence checks; the nearest config is cached per folder', () => {
    const { resolve, calls } = setup({ '/w/tsconfig.json': { compilerOptions: { paths: { '@/*': ['./src/*'] } } } }, ['/w/src/roles.ts']);
    assert.equal(resolve('/w/src/a/b/c/x.ts', 'react'), undefined);
    assert.equal(calls.length, 0);
    assert.equal(resolve('/w/src/a/b/c/x.ts', '@/roles'), '/w/src/roles.ts');
    assert.ok(calls.length <= 3, String(calls.length));
  });
});
