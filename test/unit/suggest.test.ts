import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Scratch, boundedDistance, distanceBound, hasClearBest, nearestSlugs, rankSlugs, singular } from '../../server/src/core/suggest';

const CATALOG = [
  'video:create',
  'video:read',
  'video:delete',
  'users:read',
  'users:write',
  'settings:manage',
  'widgets:users-table:manage',
  'org-billing-admin',
  'admin',
  'member',
];

describe('nearestSlugs', () => {
  const cases: { name: string; slug: string; candidates?: string[]; max?: number; expected: string[] }[] = [
    { name: 'underscore for colon', slug: 'video_create', expected: ['video:create'] },
    { name: 'dot for colon', slug: 'users.read', expected: ['users:read'] },
    { name: 'colon for hyphen in org prefix', slug: 'org:billing-admin', expected: ['org-billing-admin'] },
    { name: 'plural resource', slug: 'videos:create', expected: ['video:create'] },
    { name: 'plural action', slug: 'video:creates', expected: ['video:create'] },
    { name: 'singular resource', slug: 'user:read', expected: ['users:read'] },
    { name: 'case-insensitive', slug: 'Video:Create', expected: ['video:create', 'video:read'] },
    { name: 'case plus separator', slug: 'VIDEO_READ', expected: ['video:read'] },
    { name: 'typo, distance 1', slug: 'video:craete', max: 1, expected: ['video:create'] },
    { name: 'typo, distance 2', slug: 'vdeo:craete', expected: ['video:create'] },
    { name: 'long slug allows distance 3', slug: 'widgets:user-tabel:manag', expected: ['widgets:users-table:manage'] },
    { name: 'nothing close', slug: 'kernel:eval', expected: [] },
    { name: 'short slug allows only distance 1', slug: 'adm', expected: [] },
    { name: 'short slug at distance 1', slug: 'a', candidates: ['ab', 'xyz'], expected: ['ab'] },
    { name: 'empty slug', slug: '', expected: [] },
    { name: 'max respected', slug: 'video:rea', max: 1, expected: ['video:read'] },
    { name: 'max 0', slug: 'video:rea', max: 0, expected: [] },
    {
      name: 'separator match outranks an earlier edit-distance match',
      slug: 'a-b-cd',
      candidates: ['a-b-ce', 'a:b:cd'],
      expected: ['a:b:cd', 'a-b-ce'],
    },
    {
      name: 'plural outranks case-insensitive',
      slug: 'Posts:read',
      candidates: ['posts:read', 'Post:read'],
      expected: ['Post:read', 'posts:read'],
    },
    {
      name: 'smaller distance first',
      slug: 'abcdefg',
      candidates: ['abcdexy', 'abcdefx'],
      expected: ['abcdefx', 'abcdexy'],
    },
    {
      name: 'ties keep candidate order',
      slug: 'project:xead',
      candidates: ['project:lead', 'project:read', 'project:head'],
      expected: ['project:lead', 'project:read', 'project:head'],
    },
    { name: 'the slug itself is not a suggestion', slug: 'admin', candidates: ['admin', 'admins'], expected: ['admins'] },
    { name: 'duplicates collapse', slug: 'admn', candidates: ['admin', 'admin'], expected: ['admin'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(nearestSlugs(c.slug, c.candidates ?? CATALOG, c.max), c.expected);
    });
  }

  test('accepts any iterable, e.g. map keys', () => {
    const m = new Map([['video:read', 1]]);
    assert.deepEqual(nearestSlugs('video:reed', m.keys()), ['video:read']);
  });

  test('finds the right slug among 10,000 candidates', () => {
    const many: string[] = [];
    for (let i = 0; i < 10_000; i++) many.push(`resource${i}:action${i % 17}`);
    assert.deepEqual(nearestSlugs('resource4242:acton9', many, 1), ['resource4242:action9']);
  });
});

describe('rankSlugs and hasClearBest', () => {
  test('tiers are reported', () => {
    assert.deepEqual(
      rankSlugs('video_read', ['video:read', 'video:reed']).map((r) => [r.slug, r.tier, r.distance]),
      [
        ['video:read', 0, 0],
        ['video:reed', 3, 2],
      ],
    );
  });
  test('a better tier or distance is a clear best; a tie is not', () => {
    assert.equal(hasClearBest(rankSlugs('video:creat', CATALOG)), true);
    assert.equal(hasClearBest(rankSlugs('project:xead', ['project:lead', 'project:read'])), false);
    assert.equal(hasClearBest([]), false);
  });
});

describe('singular', () => {
  for (const [plural, one] of [
    ['videos', 'video'],
    ['policies', 'policy'],
    ['boxes', 'box'],
    ['branches', 'branch'],
    ['access', 'access'],
    ['read', 'read'],
  ]) {
    test(`${plural} → ${one}`, () => assert.equal(singular(plural), one));
  }
});

describe('boundedDistance', () => {
  test('transposition counts once', () => {
    assert.equal(boundedDistance('craete', 'create', 2), 1);
  });
  test('gives bound + 1 beyond the bound', () => {
    assert.equal(boundedDistance('abcdef', 'uvwxyz', 2), 3);
    assert.equal(boundedDistance('a', 'abcdef', 2), 3);
  });
  test('distance bounds by length', () => {
    assert.deepEqual([distanceBound(3), distanceBound(4), distanceBound(11), distanceBound(12)], [1, 2, 2, 3]);
  });
  test('agrees with an unbounded optimal-string-alignment distance', () => {
    const shared = new Scratch(2);
    const alphabet = fc.constantFrom('a', 'b', 'c', ':', '-');
    const word = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, k) => {
        assert.equal(boundedDistance(a, b, k), Math.min(osa(a, b), k + 1));
        // A shared scratch holds rows from earlier pairs: stale cells must not leak into the result.
        assert.equal(boundedDistance(a, b, k, shared), Math.min(osa(a, b), k + 1));
      }),
      { numRuns: 500 },
    );
  });
});

function osa(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        d[i].push(i + j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i].push(v);
    }
  }
  return d[a.length][b.length];
}

test('the indexed ranking of a candidate list finds exactly what trying every candidate finds', () => {
  const word = fc.stringMatching(/^[a-z0-9]{1,9}$/);
  const slugArb = fc.tuple(word, fc.constantFrom(':', '-', '_', '.'), word).map(([a, s, b]) => `${a}${s}${b}`);
  fc.assert(
    fc.property(fc.uniqueArray(slugArb, { minLength: 1, maxLength: 60 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (catalog, pick, edits) => {
      // A near miss of a catalog slug: a few random edits.
      let typo = catalog[pick % catalog.length];
      // Deletions, insertions, substitutions and transpositions, so every kind of edit meets the
      // filters in front of the distance (bigrams, lengths, character kinds).
      for (let i = 0; i < edits; i++) {
        const at = (pick + i * 7) % Math.max(1, typo.length);
        const op = (pick + i) % 4;
        if (op === 0) typo = typo.slice(0, at) + typo.slice(at + 1);
        else if (op === 1) typo = typo.slice(0, at) + 'x' + typo.slice(at);
        else if (op === 2) typo = typo.slice(0, at) + '7' + typo.slice(at + 1);
        else if (at + 1 < typo.length) typo = typo.slice(0, at) + typo[at + 1] + typo[at] + typo.slice(at + 2);
      }
      const indexed = rankSlugs(typo, catalog, 10);
      const brute = rankSlugs(typo, new Set(catalog), 10);
      assert.deepEqual(indexed, brute);
    }),
    { numRuns: 1000, seed: 42 },
  );
});
