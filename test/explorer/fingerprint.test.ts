import { describe, expect, it } from 'vitest';
import { collisionProbability, fingerprint64 } from '../../src/explorer/index.ts';

describe('fingerprint64', () => {
  it('is a deterministic unsigned 64-bit value', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'wwwi||', '\u{1F600}', 'x'.repeat(1001)]) {
      const f = fingerprint64(s);
      expect(fingerprint64(s)).toBe(f);
      expect(f >= 0n && f < 1n << 64n).toBe(true);
    }
  });

  it('keeps its known answers: a visited set, a parent-link tag or a recorded figure never changes meaning silently', () => {
    // The values the hash gave when fingerprintLanes read the string itself, before it read its code units.
    expect(['', 'a', 'ab', 'abc', 'source/unitCopied'].map((t) => `0x${fingerprint64(t).toString(16)}`)).toEqual([
      '0xbd83e27372fdad7c',
      '0x552598c588b228eb',
      '0x5baacfc1ec0572b0',
      '0x6335dd044f072bf6',
      '0x680cec57eedf3cb8',
    ]);
  });

  it('separates strings that differ by order, length, a trailing char or a NUL', () => {
    const near = ['', '\0', '\0\0', 'a', 'b', 'ab', 'ba', 'abc', 'abd', 'acb', 'a\0', '\0a', 'aa', 'aaa'];
    expect(new Set(near.map(fingerprint64)).size).toBe(near.length);
  });

  it('has no collision among 300 000 similar encodings (seed-free, deterministic inputs)', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 100_000; i++) {
      seen.add(fingerprint64(String(i)));
      seen.add(fingerprint64(`wpca|${i}|P${i % 7},C,`));
      seen.add(fingerprint64(`b${i.toString(2)}`));
    }
    expect(seen.size).toBe(300_000);
  });

  it('avalanches: changing one character flips about half of the 64 bits', () => {
    let flipped = 0;
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      const base = `state-${i}-padding`;
      const changed = `state-${i}-paddinh`;
      flipped += (fingerprint64(base) ^ fingerprint64(changed)).toString(2).replace(/0/g, '').length;
    }
    const mean = flipped / samples;
    expect(mean).toBeGreaterThan(30);
    expect(mean).toBeLessThan(34);
  });
});

describe('collisionProbability', () => {
  it("is TLC's optimistic n(n-1)/2 / 2^64", () => {
    expect(collisionProbability(0)).toBe(0);
    expect(collisionProbability(1)).toBe(0);
    expect(collisionProbability(2)).toBe(2 ** -64);
    expect(collisionProbability(288)).toBeCloseTo((288 * 287) / 2 / 2 ** 64, 25);
    expect(collisionProbability(10_000_000)).toBeCloseTo(2.7e-6, 7);
  });
});
