import type { FundingInput, FundingResult, MissionYear, Tranche } from '../../../shared/domain/funding';
import type { MissionCode } from '../../../shared/domain/missions';

/** Worked example (b): T3 signed 2022-07-01, avenant 2, three missions starting at different dates. */
export function exampleB(extra: Partial<FundingInput> = {}): FundingInput {
  return {
    signedOn: '2022-07-01',
    populations: [{ population: 100_000, asOf: '2022-01-01' }],
    missions: [
      { code: 'acces_soins', startedOn: '2022-07-01' },
      { code: 'parcours', startedOn: '2022-10-01' },
      { code: 'prevention', startedOn: '2023-01-01' },
    ],
    ...extra,
  };
}

/** Worked example (d): T3 signed 2021-09-16 under the 2019 text; crisis mission from 2022-09-16. */
export function exampleD(extra: Partial<FundingInput> = {}): FundingInput {
  return {
    signedOn: '2021-09-16',
    populations: [{ population: 120_000, asOf: '2021-01-01' }],
    missions: [
      { code: 'acces_soins', startedOn: '2021-09-16' },
      { code: 'parcours', startedOn: '2021-09-16' },
      { code: 'prevention', startedOn: '2021-09-16' },
      { code: 'qualite', startedOn: '2021-09-16' },
      { code: 'accompagnement', startedOn: '2021-09-16' },
      { code: 'crise_sanitaire', startedOn: '2022-09-16' },
    ],
    ...extra,
  };
}

export function fullAttainment(missions: MissionCode[], years: number[] = [1, 2, 3, 4, 5]): NonNullable<FundingInput['attainment']> {
  return years.flatMap((year) => missions.map((mission) => ({ year, mission, rate: 1 })));
}

export function mission(r: FundingResult, year: number, code: MissionCode): MissionYear {
  const y = r.years[year - 1];
  const m = y?.missions.find((x) => x.code === code);
  if (m === undefined) throw new Error(`mission ${code} absente de l'année ${year}`);
  return m;
}

export function tranche(r: FundingResult, id: string): Tranche {
  const t = r.tranches.find((x) => x.id === id);
  if (t === undefined) throw new Error(`tranche ${id} absente`);
  return t;
}

export function paidOn(r: FundingResult, date: string): number {
  return r.tranches.filter((t) => t.dueOn === date).reduce((s, t) => s + t.amountCents, 0);
}
