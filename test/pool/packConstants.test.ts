// Constants cross from a scan worker packed (a string table and typed arrays): unpacked they are
// the scan's constants exactly, names, order, values, ranges and type members alike, and the index
// unpacks them when it puts the scan in.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Catalog, SNAPSHOT_VERSION, type CatalogSnapshot } from '../../server/src/core/catalog';
import { internScan } from '../../server/src/core/intern';
import { PACK_FROM, packConstants, unpackConstants, valueCount } from '../../server/src/core/packedConstants';
import { scanForIndex, WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { forTransfer, fromTransfer } from '../../server/src/pool/scanFiles';

describe('packed constants', () => {
  const text = [
    `export const ROLE_GRANTS = {`,
    ...Array.from({ length: 60 }, (_, r) => `  'role-${r}': [${Array.from({ length: 6 }, (_, k) => `'perm-${(r * 7 + k) % 23}:view'`).join(', ')}],`),
    `} as const;`,
    `export type Role = 'admin' | 'member' | 'viewer';`,
    `export enum Perm { Read = 'posts:read', Write = 'posts:wrte' }`,
  ].join('\n');

  test('a scan with many values round-trips exactly', () => {
    const { scan } = scanForIndex(text, [], '/w/grants.ts');
    const values = valueCount(scan.constants);
    assert.ok(values >= PACK_FROM, `enough values to be packed (${values})`);
    assert.ok([...scan.constants.values()].some((l) => l.some((v) => v.type)), 'type members are among them');
    const packed = packConstants(scan.constants, values);
    assert.ok(packed.strings.length < values, 'repeated values are sent once');
    assert.deepEqual(unpackConstants(packed), scan.constants);
  });

  test('forTransfer packs only scans with many values', () => {
    const big = scanForIndex(text, [], '/w/grants.ts');
    const small = scanForIndex(`export const A = 'posts:read';\n`, [], '/w/a.ts');
    const back = fromTransfer(forTransfer([
      { key: 'big', path: '/w/grants.ts', scanned: big },
      { key: 'small', path: '/w/a.ts', scanned: small },
    ]));
    assert.ok('scanned' in back[0] && back[0].scanned.packed && back[0].scanned.scan.constants.size === 0);
    assert.deepEqual(unpackConstants(back[0].scanned.packed), big.scan.constants);
    assert.deepEqual(back[1], { key: 'small', path: '/w/a.ts', scanned: small });
  });

  test('the index reads a packed scan as it reads the scan itself', () => {
    const snapshot: CatalogSnapshot = {
      version: SNAPSHOT_VERSION,
      permissions: ['posts:read', 'posts:write'].map((slug) => ({ slug, name: slug, description: null })),
      environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions: [], type: 'EnvironmentRole' }],
      organizations: [],
    };
    const catalog = new Catalog(snapshot, { kind: 'snapshot' });
    const user = `import { Perm } from './grants';\nexport const ok = (u) => hasPermission(u, Perm.Write);\n`;
    const findings = (packed: boolean) => {
      const index = new WorkspaceIndex();
      const scanned = scanForIndex(text, [], '/w/grants.ts');
      const sent = fromTransfer(forTransfer([{ key: '/w/grants.ts', path: '/w/grants.ts', scanned }]))[0];
      index.setScan('/w/grants.ts', packed && 'scanned' in sent ? sent.scanned : scanned);
      index.setFile('/w/user.ts', user);
      return index.findings('/w/user.ts', catalog).map((f) => `${f.rule} ${f.slug}`);
    };
    const direct = findings(false);
    assert.ok(direct.includes('unknown-permission posts:wrte'), direct.join('\n'));
    assert.deepEqual(findings(true), direct);
  });

  test('the index keeps fresh constants as they came and interns the rest', () => {
    const fresh = scanForIndex(text, [], '/w/grants.ts').scan;
    const kept = fresh.constants;
    assert.equal(internScan(fresh, true).constants, kept);
    const other = scanForIndex(text, [], '/w/grants.ts').scan;
    const before = other.constants;
    const interned = internScan(other).constants;
    assert.notEqual(interned, before);
    assert.deepEqual(interned, before);
  });
});
