import { describe, expect, it } from 'vitest';
import { decodeFec, duplicateKeys, fecAmount, isFecError, matchRule, parseFec, planImport, reconcile, type FecFile, type PlanInput } from '../../../shared/domain/fec';
import { mappingSchema } from '../../../shared/schemas/books';
import { encodeLatin9, fecBytes, fecText, SAMPLE_LINES, SAMPLE_RULES, type FixtureOptions } from '../../fixtures/fec';

const rules = mappingSchema.parse({ rules: SAMPLE_RULES }).rules;
const contract = { signedOn: '2022-07-01', endsOn: '2027-06-30', missions: [{ code: 'acces_soins' as const }, { code: 'parcours' as const }] };

function parsed(o: FixtureOptions = {}, lines = SAMPLE_LINES): FecFile {
  const r = parseFec(fecBytes(lines, o));
  if (isFecError(r)) throw new Error(r.message);
  return r;
}

function plan(file: FecFile, over: Partial<PlanInput> = {}) {
  return planImport({ file, rules, contract, today: '2026-11-23', knownKeys: new Set(), entries: [], payments: [], ...over });
}

describe('FEC parser', () => {
  const variants: FixtureOptions[] = [
    { separator: '\t', encoding: 'utf-8' },
    { separator: '|', encoding: 'utf-8', crlf: true, bom: true },
    { separator: '\t', encoding: 'iso-8859-15' },
    { separator: '|', encoding: 'iso-8859-15', layout: 'montant-sens' },
    { separator: '\t', encoding: 'utf-8', layout: 'montant-sens', sens: 'signs' },
  ];
  for (const o of variants) {
    it(`reads ${o.separator === '\t' ? 'tab' : 'pipe'}, ${o.encoding}, ${o.layout ?? 'debit-credit'} ${o.sens ?? ''}`, () => {
      const f = parsed(o);
      expect(f.encoding).toBe(o.encoding);
      expect(f.separator).toBe(o.separator);
      expect(f.layout).toBe(o.layout ?? 'debit-credit');
      expect(f.lines).toHaveLength(SAMPLE_LINES.length);
      expect(f.lines[0]).toMatchObject({ line: 2, journal: 'OD', ecritureNum: '1', date: '2023-01-31', account: '641100', debitCents: 300000, creditCents: 0 });
      expect(f.lines[0].label).toBe('Salaire coordinatrice janvier - Hélène');
      expect(f.lines[4].label).toContain('œuvre');
      expect(f.lines[6].label).toBe('Loyer mars (€)');
      expect(f.lines[8]).toMatchObject({ debitCents: 0, creditCents: 20000 });
    });
  }

  it('amounts: decimal comma or point, spaces, signs, empty = 0', () => {
    expect(fecAmount('1 234,56')).toBe(123456);
    expect(fecAmount('1234.5')).toBe(123450);
    expect(fecAmount('-12,00')).toBe(-1200);
    expect(fecAmount('')).toBe(0);
    expect(fecAmount('12,345')).toBeNull();
    expect(fecAmount('abc')).toBeNull();
  });

  it('refuses a wrong column count with the line number (header = line 1)', () => {
    const text = fecText(SAMPLE_LINES).split('\n');
    text[3] = text[3].split('\t').slice(0, 17).join('\t');
    const r = parseFec(new TextEncoder().encode(text.join('\n')));
    expect(isFecError(r) && r.line).toBe(4);
    expect(isFecError(r) && r.message).toMatch(/^Ligne 4 : 17 colonne\(s\) au lieu de 18/);
  });

  it('refuses an unknown header', () => {
    const r = parseFec(new TextEncoder().encode(fecText(SAMPLE_LINES).replace('CompteNum', 'Compte')));
    expect(isFecError(r) && r.message).toMatch(/^Ligne 1 : colonne 5 « Compte »/);
  });

  it('refuses a bad date with its line', () => {
    const r = parseFec(new TextEncoder().encode(fecText(SAMPLE_LINES).replace('20230228', '20230230')));
    expect(isFecError(r) && r.line).toBe(4);
    expect(isFecError(r) && r.message).toContain('EcritureDate « 20230230 »');
  });

  it('refuses an unbalanced entry at its first line', () => {
    const lines = SAMPLE_LINES.map((l, i) => (i === 5 ? { ...l, credit: 125000 } : l));
    const r = parseFec(fecBytes(lines));
    expect(isFecError(r) && r.line).toBe(6);
    expect(isFecError(r) && r.message).toMatch(/écriture OD n° 3 déséquilibrée/);
  });

  it('refuses an unknown encoding (UTF-16, Windows-1252 control bytes)', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x4a, 0x00]);
    expect(isFecError(parseFec(utf16)) && (parseFec(utf16) as { message: string }).message).toMatch(/^Ligne 1 : encodage inconnu/);
    const cp1252 = encodeLatin9(fecText(SAMPLE_LINES).replace('Loyer mars (€)', 'Loyer mars (X)'));
    const at = cp1252.indexOf('X'.charCodeAt(0));
    cp1252[at] = 0x80; // € in Windows-1252
    const r = parseFec(cp1252);
    expect(isFecError(r) && r.line).toBe(8);
    expect(isFecError(r) && r.message).toContain('encodage inconnu');
  });

  it('decodes valid UTF-8 as UTF-8 and anything else as ISO-8859-15', () => {
    expect(decodeFec(new TextEncoder().encode('é'))).toEqual({ text: 'é', encoding: 'utf-8' });
    expect(decodeFec(new Uint8Array([0xe9, 0xa4]))).toEqual({ text: 'é€', encoding: 'iso-8859-15' });
  });
});

describe('mapping rules', () => {
  it('the longest prefix wins; a rule with the journal beats one without at the same length', () => {
    expect(matchRule(rules, '622600', 'OD')).toMatchObject({ mission: 'parcours' });
    expect(matchRule(rules, '622600', 'AC')).toMatchObject({ mission: null, category: 'prestations' });
    expect(matchRule(rules, '641100', 'OD')).toMatchObject({ category: 'coordination' });
    expect(matchRule([...rules, { account: '6411', journal: null, mission: 'acces_soins', category: 'autre' }], '641100', 'OD')).toMatchObject({ mission: 'acces_soins' });
    expect(matchRule(rules, '625100', 'OD')).toBeNull();
    // order does not matter
    expect(matchRule([...rules].reverse(), '622600', 'OD')).toMatchObject({ mission: 'parcours' });
  });

  it('the schema refuses two rules for the same account and journal, in French', () => {
    const r = mappingSchema.safeParse({ rules: [...SAMPLE_RULES, { account: '641', mission: null, category: 'autre' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/Règle 5 : le compte 641 a déjà une règle/);
    expect(mappingSchema.safeParse({ rules: [{ account: '6x!', mission: null, category: 'autre' }] }).error?.issues[0].message).toMatch(/^Compte/);
    expect(mappingSchema.safeParse({ rules: [{ account: '6', mission: 'nope', category: 'autre' }] }).error?.issues[0].message).toMatch(/^Mission/);
  });
});

describe('duplicate keys', () => {
  it('journal, entry, account, amount and rank among identical lines', () => {
    const f = parsed({}, [
      { journal: 'OD', num: '7', date: '2023-01-01', account: '606000', label: 'a', debit: 1000 },
      { journal: 'OD', num: '7', date: '2023-01-01', account: '606000', label: 'b', debit: 1000 },
      { journal: 'OD', num: '7', date: '2023-01-01', account: '401000', label: 'c', credit: 2000 },
    ]);
    expect(duplicateKeys(f.lines)).toEqual(['OD|7|606000|1000|1', 'OD|7|606000|1000|2', 'OD|7|401000|-2000|1']);
  });
});

describe('import plan', () => {
  it('charges to the cent per mission and category; refunds lower; unmatched listed; same for every layout', () => {
    for (const o of [{}, { separator: '|' as const, encoding: 'iso-8859-15' as const, layout: 'montant-sens' as const }]) {
      const p = plan(parsed(o));
      expect(p.totals).toEqual([
        { mission: null, category: 'coordination', cents: 600000, lines: 2 },
        { mission: null, category: 'fonctionnement_courant', cents: 60000, lines: 2 },
        { mission: 'parcours', category: 'prestations', cents: 125050, lines: 1 },
      ]);
      expect(p.charges).toHaveLength(4);
      expect(p.refunds).toHaveLength(1);
      expect(p.refunds[0].corrections).toEqual([{ target: { chargeIndex: 3 }, deltaCents: -20000 }]);
      expect(p.unmatched).toEqual([]);
      expect(p.receipts.map((r) => r.amountCents)).toEqual([14250000, 500000]);
    }
  });

  it('a second import of the same lines adds nothing', () => {
    const f = parsed();
    const first = plan(f);
    const known = new Set([...first.charges, ...first.refunds, ...first.receipts].map((x) => x.key));
    const second = plan(f, { knownKeys: known });
    expect(second.charges).toEqual([]);
    expect(second.refunds).toEqual([]);
    expect(second.totals).toEqual([]);
    expect(second.duplicatesSkipped).toBe(7);
  });

  it('lists charge lines no rule matches, outside the contract, or of a mission not in the contract', () => {
    const f = parsed({}, [
      { journal: 'AC', num: '1', date: '2023-01-10', account: '625100', label: 'Déplacement', debit: 4500 },
      { journal: 'AC', num: '1', date: '2023-01-10', account: '401000', label: 'Déplacement', credit: 4500 },
      { journal: 'AC', num: '2', date: '2022-01-10', account: '613200', label: 'Loyer 2021', debit: 100 },
      { journal: 'AC', num: '2', date: '2022-01-10', account: '401000', label: 'Loyer 2021', credit: 100 },
    ]);
    const p = plan(f, { rules: [...rules, { account: '6251', journal: null, mission: 'prevention', category: 'autre' }] });
    expect(p.unmatched.map((u) => [u.line, u.reason])).toEqual([
      [2, 'mission_not_in_contract'],
      [4, 'outside_contract'],
    ]);
    expect(plan(f).unmatched[0]).toMatchObject({ line: 2, reason: 'no_rule', amountCents: 4500 });
    expect(plan(f).unmatched[0].message).toMatch(/^Ligne 2 \(AC n° 1, compte 625100, 45,00\s€\) : aucune règle/);
  });

  it('a refund lowers an earlier entry already in the books; without one it is listed', () => {
    const refundOnly = parsed({}, SAMPLE_LINES.slice(8, 10));
    const withEntry = plan(refundOnly, { entries: [{ id: 9, spentOn: '2023-03-01', mission: null, category: 'fonctionnement_courant', effectiveCents: 80000, account: '613200' }] });
    expect(withEntry.refunds[0].corrections).toEqual([{ target: { entryId: 9 }, deltaCents: -20000 }]);
    const without = plan(refundOnly);
    expect(without.refunds).toEqual([]);
    expect(without.unmatched[0]).toMatchObject({ reason: 'refund_without_entry', amountCents: -20000 });
  });
});

describe('reconciliation', () => {
  it('matches receipts with payments of the same amount nearest in date, each payment once', () => {
    const r = reconcile(
      [
        { line: 2, date: '2023-01-03', amountCents: 100, account: '741', label: 'a' },
        { line: 3, date: '2023-01-05', amountCents: 100, account: '741', label: 'b' },
        { line: 4, date: '2023-03-01', amountCents: 999, account: '748', label: 'c' },
      ],
      [
        { id: 1, receivedOn: '2023-01-01', amountCents: 100 },
        { id: 2, receivedOn: '2023-01-06', amountCents: 100 },
        { id: 3, receivedOn: '2023-02-01', amountCents: 500 },
        { id: 4, receivedOn: '2024-02-01', amountCents: 500 },
      ],
      { from: '2023-01-01', to: '2023-12-31' },
    );
    expect(r.reconciliation.map((x) => [x.line, x.paymentId])).toEqual([
      [2, 1],
      [3, 2],
      [4, null],
    ]);
    expect(r.paymentsWithoutReceipt.map((p) => p.id)).toEqual([3]);
  });
});
