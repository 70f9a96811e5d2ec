// The register of indemnities of one civil year (issue 14), the proof of time the CPAM may ask
// for: per professional, every time entry (date, mission, hours, kind, rate, amount) and the
// year's total against the PASS (share, over-ceiling flag). Read through the API (never raw SQL);
// the Excel and PDF builders are pure functions of this.
import type { ContractDetail } from '../../shared/api';
import type { IndemnityEntryView, ProfessionalYear } from '../../shared/booksViews';
import type { IsoDate } from '../../shared/dates';
import { passFor, type PassSource } from '../../shared/domain/pass';
import type { ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';

export interface RegisterProfessional extends ProfessionalYear {
  /** The professional's entries of the year, in date order. */
  entries: IndemnityEntryView[];
}

export interface IndemnityRegisterData {
  today: IsoDate;
  contract: ContractDetail;
  /** Civil year. */
  year: number;
  /** The year's PASS; null before the décret (no ceiling). */
  pass: { cents: number; provisional: boolean; source: PassSource; year: number } | null;
  professionals: RegisterProfessional[];
  totals: { hoursCenti: number; indemniteCents: number; remunerationCents: number; totalCents: number; entries: number };
  /** Professionals past the PASS, from 80 % of it. */
  overCount: number;
  warningCount: number;
}

export async function loadIndemnityRegister(ctx: ApiContext, contractId: number, year: number): Promise<IndemnityRegisterData> {
  const contract = await invoke(ctx, 'contract.get', { id: contractId });
  const view = await invoke(ctx, 'indemnities.get', { contractId, year });
  const professionals = view.perProfessional
    .filter((p) => p.year === year)
    .map((p) => ({ ...p, entries: view.entries.filter((e) => e.professionalId === p.professionalId) }));
  const sum = (f: (p: RegisterProfessional) => number) => professionals.reduce((s, p) => s + f(p), 0);
  return {
    today: ctx.today(),
    contract,
    year,
    pass: passFor(year),
    professionals,
    totals: {
      hoursCenti: sum((p) => p.hoursCenti),
      indemniteCents: sum((p) => p.indemniteCents),
      remunerationCents: sum((p) => p.remunerationCents),
      totalCents: sum((p) => p.totalCents),
      entries: sum((p) => p.entries.length),
    },
    overCount: professionals.filter((p) => p.level === 'over').length,
    warningCount: professionals.filter((p) => p.level === 'warning').length,
  };
}
