import { describe, expect, it } from 'vitest';
import {
  ACI_2019,
  AVENANT_2,
  MODELLING_CHOICES,
  SIZE_BANDS,
  TAGS,
  TEXT_VERSIONS,
  TEXT_VERSION_LABELS,
  ruleTableFor,
  versionInForceOn,
  type AmountFigure,
  type RuleTable,
  type SizeBand,
} from '../../../shared/domain/rules';
import { MISSION_CODES, MISSION_LABELS, isMissionCode } from '../../../shared/domain/missions';

const EUR = 100;

function cents(f: AmountFigure | null | undefined): number {
  if (f === null || f === undefined) throw new Error('figure absente');
  return f.cents;
}

/** Every AmountFigure / ValueFigure in a table, found by shape. */
function allFigures(table: RuleTable): { tag: string; sourceIds: readonly number[] }[] {
  const out: { tag: string; sourceIds: readonly number[] }[] = [];
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if ('tag' in x && 'sourceIds' in x) out.push(x as { tag: string; sourceIds: readonly number[] });
    for (const v of Object.values(x)) walk(v);
  };
  walk(table);
  return out;
}

describe('missions', () => {
  it('has the six codes and French labels', () => {
    expect(MISSION_CODES).toEqual(['acces_soins', 'parcours', 'prevention', 'crise_sanitaire', 'qualite', 'accompagnement']);
    expect(MISSION_LABELS.crise_sanitaire).toBe('Réponse aux crises sanitaires graves');
    expect(MISSION_LABELS.accompagnement).toBe('Accompagnement des professionnels de santé');
    expect(isMissionCode('parcours')).toBe(true);
    expect(isMissionCode('autre')).toBe(false);
  });
});

describe('text versions', () => {
  it('are ordered and labelled in French', () => {
    expect(TEXT_VERSIONS).toEqual(['aci2019', 'avenant1', 'avenant2']);
    expect(TEXT_VERSION_LABELS.aci2019).toBe('ACI 2019');
    expect(TEXT_VERSION_LABELS.avenant2).toBe('Avenant 2');
    for (const v of TEXT_VERSIONS) expect(ruleTableFor(v).id).toBe(v);
  });
  it('selects the version in force on a date (avenant 2 from 2022-04-01, MC)', () => {
    expect(versionInForceOn('2019-08-25')).toBe('aci2019');
    expect(versionInForceOn('2021-09-16')).toBe('aci2019');
    expect(versionInForceOn('2022-03-31')).toBe('aci2019');
    expect(versionInForceOn('2022-04-01')).toBe('avenant2');
    expect(versionInForceOn('2030-01-01')).toBe('avenant2');
    expect(versionInForceOn('2018-01-01')).toBe('aci2019');
  });
  it('never selects avenant 1 by date (in-force date unknown, U)', () => {
    expect(ruleTableFor('avenant1').inForceOn.value).toBeNull();
    expect(ruleTableFor('avenant1').inForceOn.tag).toBe('U');
    expect(ruleTableFor('avenant1').fonctionnement).toEqual(ACI_2019.fonctionnement);
  });
  it('keeps the avenant 2 in-force date as the modelling choice', () => {
    expect(AVENANT_2.inForceOn.value).toBe(MODELLING_CHOICES.AVENANT2_IN_FORCE_ON.value);
    expect(AVENANT_2.inForceOn.tag).toBe('MC');
    expect(ACI_2019.inForceOn).toMatchObject({ value: '2019-08-25', tag: 'S1', sourceIds: [5] });
  });
});

describe('figures keep their tags and sources', () => {
  it('every figure has a known tag and integer source ids', () => {
    for (const v of TEXT_VERSIONS) {
      const figures = allFigures(ruleTableFor(v));
      expect(figures.length).toBeGreaterThan(20);
      for (const f of figures) {
        expect(TAGS).toContain(f.tag);
        for (const id of f.sourceIds) expect(Number.isInteger(id)).toBe(true);
      }
    }
  });
  it('amounts are integer cents', () => {
    const walk = (x: unknown): void => {
      if (x === null || typeof x !== 'object') return;
      if ('cents' in x) expect(Number.isSafeInteger((x as { cents: number }).cents)).toBe(true);
      for (const v of Object.values(x)) walk(v);
    };
    for (const v of TEXT_VERSIONS) walk(ruleTableFor(v));
  });
  it('fonctionnement 50 / 60 / 75 / 90 k€, S2 [9, 6], in both versions', () => {
    for (const t of [ACI_2019, AVENANT_2]) {
      expect(SIZE_BANDS.map((b) => cents(t.fonctionnement[b]))).toEqual([50_000, 60_000, 75_000, 90_000].map((e) => e * EUR));
      expect(t.fonctionnement[1]).toMatchObject({ tag: 'S2', sourceIds: [9, 6] });
    }
  });
  it('"—" cells are null', () => {
    expect(ACI_2019.missions.parcours?.fixed[1]).toBeNull();
    expect(ACI_2019.missions.parcours?.fixed[2]).toBeNull();
    expect(ACI_2019.missions.parcours?.fixed[4]).toBeNull();
    expect(ACI_2019.missions.acces_soins?.fixed[1]).toBeNull();
    expect(AVENANT_2.missions.crise_sanitaire?.fixed[2]).toBeNull();
    expect(AVENANT_2.missions.acces_soins?.variable[4]).toBeNull();
  });
  it('T3 observed lines', () => {
    expect(AVENANT_2.missions.acces_soins?.fixed[3]).toMatchObject({ cents: 90_000 * EUR, tag: 'OBS', sourceIds: [27] });
    expect(AVENANT_2.missions.acces_soins?.variable[3]).toMatchObject({ cents: 35_000 * EUR, tag: 'OBS' });
    expect(AVENANT_2.missions.crise_sanitaire?.fixedLaterYears?.[3]).toMatchObject({ cents: 22_500 * EUR, tag: 'OBS' });
    expect(AVENANT_2.missions.crise_sanitaire?.variable[3]).toMatchObject({ cents: 67_500 * EUR, tag: 'OBS' });
    expect(AVENANT_2.missions.crise_sanitaire?.fixed[3]).toMatchObject({ cents: 45_000 * EUR, tag: 'U' });
    expect(ACI_2019.missions.parcours?.fixed[3]).toMatchObject({ cents: 45_000 * EUR, tag: 'OBS' });
  });
  it('the crisis mission exists only from avenant 2, as a socle mission with a crisis-only variable', () => {
    expect(ACI_2019.missions.crise_sanitaire).toBeUndefined();
    expect(AVENANT_2.missions.crise_sanitaire?.status.value).toBe('socle');
    expect(AVENANT_2.missions.crise_sanitaire?.variableRequiresRecognisedCrisis).toBe(true);
  });
  it('payment rules: 75 % advance, 100 % year-1 fonctionnement, 5 years', () => {
    for (const v of TEXT_VERSIONS) {
      const p = ruleTableFor(v).payment;
      expect(p.advancePercent.value).toBe(75);
      expect(p.fonctionnementYear1Percent.value).toBe(100);
      expect(p.contractYears.value).toBe(5);
    }
  });
});

describe('worked example (a): totals derivable from the tables', () => {
  const t = ACI_2019;
  const comp = t.accesComponents;
  if (comp === undefined) throw new Error('accesComponents manquants');
  const line = (code: 'parcours' | 'prevention' | 'qualite' | 'accompagnement', b: SizeBand) =>
    cents(t.missions[code]?.fixed[b]) + cents(t.missions[code]?.variable[b]);

  it('T1: 50 000 + 135 000 = 185 000; + 35 000 SNP = 220 000', () => {
    const excl = cents(t.maxTotals.exclSnp?.byBand[1]);
    expect(excl).toBe(185_000 * EUR);
    expect(excl - cents(t.fonctionnement[1])).toBe(135_000 * EUR);
    expect(excl + cents(comp.snpTotal[1])).toBe(220_000 * EUR);
    expect(cents(t.maxTotals.inclSnp?.byBand[1])).toBe(220_000 * EUR);
    expect(t.maxTotals.exclSnp?.byBand[1]?.tag).toBe('S1');
  });
  it('T3 control: 75 000 + 50 000 + 90 000 + 35 000 + 30 000 + 20 000 = 300 000; + 70 000 = 370 000', () => {
    const excl =
      cents(t.fonctionnement[3]) +
      cents(comp.mtFixed[3]) +
      cents(comp.mtVariable[3]) +
      line('parcours', 3) +
      line('prevention', 3) +
      line('qualite', 3) +
      line('accompagnement', 3);
    expect(excl).toBe(300_000 * EUR);
    expect(excl).toBe(cents(t.maxTotals.exclSnp?.byBand[3]));
    expect(excl + cents(comp.snpTotal[3])).toBe(370_000 * EUR);
    expect(cents(t.maxTotals.inclSnp?.byBand[3])).toBe(370_000 * EUR);
  });
  it('T3 mission 1 incl. SNP: 85 000 f + 35 000 v = 120 000 = 50 000 + 70 000 (D, U)', () => {
    const m1 = cents(t.missions.acces_soins?.fixed[3]) + cents(t.missions.acces_soins?.variable[3]);
    expect(m1).toBe(120_000 * EUR);
    expect(m1).toBe(cents(comp.mtFixed[3]) + cents(comp.mtVariable[3]) + cents(comp.snpTotal[3]));
    expect(t.missions.acces_soins?.fixed[3]?.tag).toBe('U');
  });
  it('incl. SNP = excl. SNP + SNP line, every band (T2 287 500, note on "287 000")', () => {
    for (const b of SIZE_BANDS) {
      expect(cents(t.maxTotals.exclSnp?.byBand[b]) + cents(comp.snpTotal[b])).toBe(cents(t.maxTotals.inclSnp?.byBand[b]));
    }
    expect(t.maxTotals.inclSnp?.byBand[2]?.note).toContain('287 000');
    expect(t.maxTotals.inclSnp?.byBand[4]).toMatchObject({ cents: 450_000 * EUR, tag: 'S2' });
  });
  it('avenant 2 T3 maxima 487 500 / 465 000 / 397 500 follow from the lines', () => {
    const a = AVENANT_2;
    const steady =
      cents(a.fonctionnement[3]) +
      cents(a.missions.acces_soins?.fixed[3]) +
      cents(a.missions.acces_soins?.variable[3]) +
      (['parcours', 'prevention', 'qualite', 'accompagnement'] as const).reduce(
        (s, c) => s + cents(a.missions[c]?.fixed[3]) + cents(a.missions[c]?.variable[3]),
        0,
      );
    const crisis = a.missions.crise_sanitaire;
    expect(steady + cents(crisis?.fixed[3]) + cents(crisis?.variable[3])).toBe(cents(a.maxTotals.planYearWithCrisis?.byBand[3]));
    expect(steady + cents(crisis?.fixedLaterYears?.[3]) + cents(crisis?.variable[3])).toBe(cents(a.maxTotals.laterYearWithCrisis?.byBand[3]));
    expect(steady + cents(crisis?.fixedLaterYears?.[3])).toBe(cents(a.maxTotals.laterYearNoCrisis?.byBand[3]));
    expect(a.maxTotals.planYearWithCrisis?.byBand[4]).toMatchObject({ cents: 580_000 * EUR, tag: 'S2', sourceIds: [14, 15] });
  });
});

describe('modelling choices', () => {
  it('are all tagged MC with a reference section and a French description', () => {
    for (const [name, choice] of Object.entries(MODELLING_CHOICES)) {
      expect(choice.tag, name).toBe('MC');
      expect(choice.section, name).toMatch(/^§\d/);
      expect(choice.description.length, name).toBeGreaterThan(20);
    }
    expect(MODELLING_CHOICES.PRORATA_UNIT.value).toBe('days');
    expect(MODELLING_CHOICES.ATTAINMENT_SCALE.value).toBe(10_000);
  });
});
