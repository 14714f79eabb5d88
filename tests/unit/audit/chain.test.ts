import fc from 'fast-check';
import { canonicalEntry, entryHash, GENESIS_HASH, link, verifyChain, type ChainedEntry, type ChainedFields } from '../../../src/audit/chain';

const base: Omit<ChainedFields, 'seq'> = {
  chainKey: '5b1f7c2e-0d1a-4c55-9a1e-3f0c2b7d9e10',
  at: new Date('2026-11-27T03:00:00.123Z'),
  actor: 'agency:000.17.22.H56/one-stop',
  agencyCode: '000.17.22.H56',
  officialId: null,
  action: 'document.read',
  subjectId: '5b1f7c2e-0d1a-4c55-9a1e-3f0c2b7d9e10',
  documentId: '0e7b3c1a-6a9f-4c1e-8b2d-1f2e3d4c5b6a',
  documentType: 'birth-certificate',
  purpose: '1.000894',
  dossierCode: '000.17.22.H56-261127-0001',
  decision: 'allow',
  rule: 'consent:7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  requestId: 'req-1',
};

const chainOf = (n: number): ChainedEntry[] => link({ seq: 0, lastHash: GENESIS_HASH }, Array.from({ length: n }, (_, i) => ({ ...base, requestId: `req-${i + 1}` }))).entries;

describe('the hash of an entry', () => {
  it('is the SHA-256 of a fixed-order JSON array, so other implementations can recompute it', () => {
    const fields = { ...base, seq: 1 };
    expect(canonicalEntry(GENESIS_HASH, fields)).toBe(
      `["motlan-audit/1","${GENESIS_HASH}","${base.chainKey}",1,"2026-11-27T03:00:00.123Z","agency:000.17.22.H56/one-stop","000.17.22.H56",null,"document.read","${base.subjectId}","${base.documentId}","birth-certificate","1.000894","000.17.22.H56-261127-0001","allow","${base.rule}","req-1"]`,
    );
    expect(entryHash(GENESIS_HASH, fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any single field changes, or when the previous hash does', () => {
    const fields = { ...base, seq: 1 };
    const original = entryHash(GENESIS_HASH, fields);
    const changed: Array<Partial<ChainedFields>> = [
      { chainKey: 'system' }, { seq: 2 }, { at: new Date(base.at.getTime() + 1) }, { actor: 'agency:000.17.22.H56/other' }, { agencyCode: '000.31.22.H56' },
      { officialId: 'CB-1' }, { action: 'document.content' }, { subjectId: null }, { documentId: null }, { documentType: 'marriage-certificate' },
      { purpose: '1.000895' }, { dossierCode: null }, { decision: 'deny' }, { rule: 'legal_basis:x' }, { requestId: null },
    ];
    const hashes = changed.map((c) => entryHash(GENESIS_HASH, { ...fields, ...c }));
    expect(hashes.every((h) => h !== original)).toBe(true);
    expect(new Set(hashes).size).toBe(changed.length);
    expect(entryHash('1'.repeat(64), fields)).not.toBe(original);
  });

  it('keeps null and the string "null" apart, and fields cannot bleed into each other', () => {
    const fields = { ...base, seq: 1 };
    expect(entryHash(GENESIS_HASH, { ...fields, officialId: 'null' })).not.toBe(entryHash(GENESIS_HASH, { ...fields, officialId: null }));
    expect(entryHash(GENESIS_HASH, { ...fields, purpose: 'a","b', dossierCode: null })).not.toBe(entryHash(GENESIS_HASH, { ...fields, purpose: 'a', dossierCode: 'b' }));
  });
});

describe('verifying a chain', () => {
  it('accepts an unbroken chain and its head, and an empty one', () => {
    const entries = chainOf(5);
    expect(verifyChain(entries, { seq: 5, lastHash: entries[4]!.hash })).toEqual({ valid: true, entries: 5 });
    expect(verifyChain([], { seq: 0, lastHash: GENESIS_HASH })).toEqual({ valid: true, entries: 0 });
  });

  it('finds an altered field at its seq', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, purpose: '2.000000' };
    expect(verifyChain(entries)).toEqual({ valid: false, entries: 5, firstBrokenSeq: 3, reason: 'hash-mismatch' });
  });

  it('finds a removed entry where the gap opens', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ valid: false, firstBrokenSeq: 2, reason: 'seq-gap' });
  });

  it('finds a removed entry even when the seqs were renumbered to close the gap', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ valid: false, firstBrokenSeq: 2, reason: 'prev-hash-mismatch' });
  });

  it('finds reordered entries', () => {
    const entries = chainOf(5);
    [entries[1], entries[3]] = [entries[3]!, entries[1]!];
    expect(verifyChain(entries)).toMatchObject({ valid: false, firstBrokenSeq: 2, reason: 'seq-gap' });
  });

  it('finds a removed tail through the head', () => {
    const entries = chainOf(5);
    const head = { seq: 5, lastHash: entries[4]!.hash };
    expect(verifyChain(entries.slice(0, 4), head)).toEqual({ valid: false, entries: 4, firstBrokenSeq: 5, reason: 'head-mismatch' });
  });

  it('property: altering any one entry of any chain is found at exactly that seq', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), fc.string(), (n, pick, purpose) => {
        const entries = chainOf(n);
        const i = pick % n;
        fc.pre(entries[i]!.purpose !== purpose);
        entries[i] = { ...entries[i]!, purpose };
        expect(verifyChain(entries)).toMatchObject({ valid: false, firstBrokenSeq: i + 1, reason: 'hash-mismatch' });
      }),
    );
  });

  it('continues a chain from its head, across batches', () => {
    const first = link({ seq: 0, lastHash: GENESIS_HASH }, [base, base]);
    const second = link(first.head, [base]);
    expect(second.entries[0]).toMatchObject({ seq: 3, prevHash: first.entries[1]!.hash });
    expect(verifyChain([...first.entries, ...second.entries], second.head).valid).toBe(true);
  });
});
