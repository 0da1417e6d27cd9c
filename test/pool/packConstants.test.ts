// Constants cross from a scan worker packed (a string table and typed arrays): unpacked they are
// the scan's constants exactly, names, order, values, ranges and type members alike.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { internScan } from '../../server/src/core/intern';
import { scanForIndex } from '../../server/src/core/workspaceIndex';
import { forTransfer, fromTransfer, PACK_FROM, packConstants, unpackConstants } from '../../server/src/pool/scanFiles';

describe('packed constants', () => {
  const text = [
    `export const ROLE_GRANTS = {`,
    ...Array.from({ length: 60 }, (_, r) => `  'role-${r}': [${Array.from({ length: 6 }, (_, k) => `'perm-${(r * 7 + k) % 23}:view'`).join(', ')}],`),
    `} as const;`,
    `export type Role = 'admin' | 'member' | 'viewer';`,
    `export enum Perm { Read = 'posts:read', Write = 'posts:write' }`,
  ].join('\n');

  test('a scan with many values round-trips exactly', () => {
    const { scan } = scanForIndex(text, [], '/w/grants.ts');
    let values = 0;
    for (const list of scan.constants.values()) values += list.length;
    assert.ok(values >= PACK_FROM, `enough values to be packed (${values})`);
    assert.ok([...scan.constants.values()].some((l) => l.some((v) => v.type)), 'type members are among them');
    const packed = packConstants(scan.constants, values);
    assert.ok(packed.strings.length < values, 'repeated values are sent once');
    assert.deepEqual(unpackConstants(packed), scan.constants);
  });

  test('forTransfer packs only scans with many values; fromTransfer restores them', () => {
    const big = scanForIndex(text, [], '/w/grants.ts');
    const small = scanForIndex(`export const A = 'posts:read';\n`, [], '/w/a.ts');
    const sent = forTransfer([
      { key: 'big', path: '/w/grants.ts', scanned: big },
      { key: 'small', path: '/w/a.ts', scanned: small },
    ]);
    assert.ok('packed' in sent[0] && sent[0].scanned.scan.constants.size === 0);
    assert.ok(!('packed' in sent[1]));
    const back = fromTransfer(sent);
    assert.deepEqual(back, [
      // Its constants are fresh strings, each distinct one once: the index keeps them as they are.
      { key: 'big', path: '/w/grants.ts', scanned: { ...big, constantsFresh: true } },
      { key: 'small', path: '/w/a.ts', scanned: small },
    ]);
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
