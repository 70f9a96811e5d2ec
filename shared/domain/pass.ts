// The annual ceiling of the social security (PASS, art. L241-3 CSS) per civil year, with the
// source of each figure (ACI-reference §9), and the ceiling check of the indemnities and
// remunerations a CPTS pays a health professional (décret 2022-375): per professional and civil
// year, a warning from 80 % of the PASS; an entry that would take the total past it needs an
// explicit confirmation and stays flagged.
import { formatEuros } from '../money';

export type PassSource = { tag: 'S1' | 'S2'; text: string };

export interface PassFigure {
  year: number;
  cents: number;
  source: PassSource;
}

/** ACI-reference §9: the published PASS, each with its verification source. */
export const PASS_TABLE: readonly PassFigure[] = [
  { year: 2022, cents: 4_113_600, source: { tag: 'S1', text: 'Le Quotidien du médecin citant la DGOS [S1: 20]' } },
  { year: 2023, cents: 4_399_200, source: { tag: 'S1', text: '[S1: 20]' } },
  { year: 2024, cents: 4_636_800, source: { tag: 'S1', text: 'S1 (valeurs publiées)' } },
  { year: 2025, cents: 4_710_000, source: { tag: 'S1', text: 'S1 (valeurs publiées ; une source imprime 47 040, coquille)' } },
  {
    year: 2026,
    cents: 4_806_000,
    source: { tag: 'S2', text: 'Arrêté du 22 décembre 2025 portant fixation du plafond de la sécurité sociale pour 2026 (service-public.gouv.fr, A15386 ; BOSS du 21 octobre 2025)' },
  },
];

/** The décret that sets the ceiling: no ceiling is checked before its year. */
export const FIRST_PASS_YEAR = 2022;

/** Warning from this share of the PASS (percent). */
export const PASS_WARNING_PERCENT = 80;

/**
 * The PASS of a civil year. A year after the last published one takes the last known figure,
 * marked provisional; a year before the décret has none.
 */
export function passFor(year: number): { cents: number; provisional: boolean; source: PassSource; year: number } | null {
  if (year < FIRST_PASS_YEAR) return null;
  const exact = PASS_TABLE.find((p) => p.year === year);
  if (exact) return { ...exact, provisional: false };
  const last = PASS_TABLE[PASS_TABLE.length - 1];
  return { cents: last.cents, provisional: true, source: last.source, year: last.year };
}

export type CeilingCheck = {
  level: 'ok' | 'warning' | 'over';
  ceilingCents: number | null;
  /** total / ceiling rounded to 4 decimals. */
  share: number | null;
  message: string | null;
};

/** Where a professional's total of a civil year stands against the PASS. */
export function ceilingCheck(name: string, year: number, totalCents: number): CeilingCheck {
  const pass = passFor(year);
  if (!pass) return { level: 'ok', ceilingCents: null, share: null, message: null };
  const share = Math.round((totalCents / pass.cents) * 10_000) / 10_000;
  const provisional = pass.provisional ? ` (PASS ${year} non publié : celui de ${pass.year} appliqué)` : '';
  if (totalCents > pass.cents) {
    return {
      level: 'over',
      ceilingCents: pass.cents,
      share,
      message: `${name}, ${year} : ${formatEuros(totalCents)} d’indemnités et rémunérations, au-delà du plafond annuel de la sécurité sociale (${formatEuros(pass.cents)})${provisional}.`,
    };
  }
  if (totalCents * 100 >= pass.cents * PASS_WARNING_PERCENT) {
    return {
      level: 'warning',
      ceilingCents: pass.cents,
      share,
      message: `${name}, ${year} : ${formatEuros(totalCents)}, soit ${Math.floor((totalCents * 100) / pass.cents)} % du plafond annuel de la sécurité sociale (${formatEuros(pass.cents)})${provisional}.`,
    };
  }
  return { level: 'ok', ceilingCents: pass.cents, share, message: null };
}
