import { describe, expect, it } from 'vitest';
import { fileSlug, reportExportSchema, reportFileName } from '../../../shared/reports';
import { fieldErrors } from '../../../shared/api';

function refusal(input: unknown): Record<string, string> {
  const r = reportExportSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? {} : fieldErrors(r.error);
}

describe('reports.export input', () => {
  it('accepts the reports that exist', () => {
    for (const ok of [
      { report: 'contract', format: 'xlsx', contractId: 3 },
      { report: 'portfolio', format: 'xlsx' },
      { report: 'payments', format: 'pdf', contractId: 3, year: 2 },
      { report: 'dossier', format: 'pdf', contractId: 3, year: 3, kind: 'annual' },
      { report: 'dossier', format: 'pdf', contractId: 3, year: 1, kind: 'intermediate' },
      { report: 'minutes', format: 'pdf', contractId: 3, reviewId: 5 },
    ]) {
      expect(reportExportSchema.safeParse(ok).success).toBe(true);
    }
  });

  it('refuses bad combinations with a French message on the faulty field', () => {
    expect(refusal({ report: 'portfolio', format: 'pdf' }).format).toBe('Classeur du portefeuille : pas de version PDF, seulement Excel (xlsx).');
    expect(refusal({ report: 'payments', format: 'pdf', year: 1 }).contractId).toBe('État des versements : indiquez le contrat.');
    expect(refusal({ report: 'payments', format: 'pdf', contractId: 1 }).year).toBe('État des versements : indiquez l’année du contrat (1 à 5).');
    expect(refusal({ report: 'payments', format: 'pdf', contractId: 1, year: 6 }).year).toBe('Année du contrat : de 1 à 5.');
    expect(refusal({ report: 'portfolio', format: 'xlsx', contractId: 1 }).contractId).toContain('couvre tous les contrats');
    expect(refusal({ report: 'contract', format: 'xlsx', contractId: 1, year: 2 }).year).toContain('n’indiquez pas d’année');
    expect(refusal({ report: 'contract', format: 'pdf', contractId: 1 }).format).toContain('pas de version PDF');
    expect(refusal({ report: 'bilan', format: 'pdf', contractId: 1 }).report).toBe('Rapport inconnu : contract, portfolio, payments, dossier, minutes, annexe-financiere, registre-indemnites attendu.');
    expect(refusal({ report: 'contract', format: 'docx', contractId: 1 }).format).toBe('Format inconnu : xlsx ou pdf attendu.');
    expect(refusal({ report: 'portfolio', format: 'xlsx', path: '/etc/passwd' })._).toBeDefined();
  });
});

describe('reports.export input of the dialogue de gestion reports', () => {
  it('dossier: a contract year and a kind of review (so a review not created yet can be prepared)', () => {
    expect(refusal({ report: 'dossier', format: 'pdf', contractId: 1, year: 3 }).kind).toBe('Dossier de préparation : indiquez le type de dialogue (intermédiaire ou annuel).');
    expect(refusal({ report: 'dossier', format: 'pdf', contractId: 1, kind: 'annual' }).year).toBe('Dossier de préparation : indiquez l’année du contrat (1 à 5).');
    expect(refusal({ report: 'dossier', format: 'pdf', year: 3, kind: 'annual' }).contractId).toBe('Dossier de préparation : indiquez le contrat.');
    expect(refusal({ report: 'dossier', format: 'pdf', contractId: 1, year: 3, kind: 'semestriel' }).kind).toBe('Type de dialogue : intermediate (intermédiaire) ou annual (annuel) attendu.');
    expect(refusal({ report: 'dossier', format: 'pdf', contractId: 1, year: 3, kind: 'annual', reviewId: 5 }).reviewId).toBe(
      'Dossier de préparation : désignez le dialogue par son année et son type (intermédiaire ou annuel), pas par son numéro.',
    );
    expect(refusal({ report: 'dossier', format: 'xlsx', contractId: 1, year: 3, kind: 'annual' }).format).toBe('Dossier de préparation : pas de version Excel (xlsx), seulement PDF.');
  });

  it('minutes: the review’s number, nothing else', () => {
    expect(refusal({ report: 'minutes', format: 'pdf', contractId: 1 }).reviewId).toBe('Compte rendu de dialogue : indiquez le dialogue de gestion (son numéro).');
    expect(refusal({ report: 'minutes', format: 'pdf', contractId: 1, reviewId: 5, year: 2 }).year).toBe('Compte rendu de dialogue : l’année est celle du dialogue, n’indiquez pas d’année.');
    expect(refusal({ report: 'minutes', format: 'pdf', contractId: 1, reviewId: 5, kind: 'annual' }).kind).toBe('Compte rendu de dialogue : le dialogue se désigne par son numéro, n’indiquez pas de type.');
    expect(refusal({ report: 'minutes', format: 'pdf', contractId: 1, reviewId: 0 }).reviewId).toBe('Identifiant invalide.');
  });

  it('the other reports take no review', () => {
    expect(refusal({ report: 'payments', format: 'pdf', contractId: 1, year: 2, kind: 'annual' }).kind).toBe('État des versements : il ne porte pas sur un dialogue de gestion, n’indiquez pas de type de dialogue.');
    expect(refusal({ report: 'contract', format: 'xlsx', contractId: 1, reviewId: 5 }).reviewId).toBe('Classeur du contrat : il ne porte pas sur un dialogue de gestion, n’indiquez pas de dialogue.');
  });
});

describe('reports.export input of the register of indemnities (a civil year)', () => {
  it('takes a civil year, not a contract year', () => {
    expect(reportExportSchema.safeParse({ report: 'registre-indemnites', format: 'xlsx', contractId: 3, year: 2025 }).success).toBe(true);
    expect(reportExportSchema.safeParse({ report: 'registre-indemnites', format: 'pdf', contractId: 3, year: 2022 }).success).toBe(true);
    expect(refusal({ report: 'registre-indemnites', format: 'pdf', contractId: 3, year: 2 }).year).toBe('Année civile : de 2019 à 2100.');
    expect(refusal({ report: 'registre-indemnites', format: 'pdf', contractId: 3 }).year).toBe('Registre des indemnités : indiquez l’année civile (ex. 2025).');
    expect(refusal({ report: 'annexe-financiere', format: 'pdf', contractId: 3, year: 2025 }).year).toBe('Année du contrat : de 1 à 5.');
    expect(reportFileName({ report: 'registre-indemnites', format: 'pdf', year: 2025 }, 'CPTS Sud Bourbonnais', '2026-11-23')).toBe('CPTS-Sud-Bourbonnais-registre-indemnites-2025-2026-11-23.pdf');
  });
});

describe('export file names', () => {
  it('say what and when, in ASCII', () => {
    expect(reportFileName({ report: 'contract', format: 'xlsx' }, 'CPTS Rives du Léman', '2026-11-23')).toBe('CPTS-Rives-du-Leman-echeancier-2026-11-23.xlsx');
    expect(reportFileName({ report: 'payments', format: 'pdf', year: 2 }, 'CPTS Sud Bourbonnais', '2026-11-23')).toBe('CPTS-Sud-Bourbonnais-versements-annee-2-2026-11-23.pdf');
    expect(reportFileName({ report: 'portfolio', format: 'xlsx' }, null, '2026-11-23')).toBe('ACI-CPTS-portefeuille-2026-11-23.xlsx');
    expect(reportFileName({ report: 'dossier', format: 'pdf', year: 3, kind: 'annual' }, 'CPTS Sud Bourbonnais', '2026-11-23')).toBe('CPTS-Sud-Bourbonnais-dialogue-annee-3-S2-2026-11-23.pdf');
    expect(reportFileName({ report: 'dossier', format: 'pdf', year: 3, kind: 'intermediate' }, 'CPTS Sud Bourbonnais', '2026-11-23')).toBe('CPTS-Sud-Bourbonnais-dialogue-annee-3-S1-2026-11-23.pdf');
    expect(reportFileName({ report: 'minutes', format: 'pdf', year: 2, kind: 'annual' }, 'CPTS Sud Bourbonnais', '2026-11-23')).toBe('CPTS-Sud-Bourbonnais-compte-rendu-annee-2-S2-2026-11-23.pdf');
    expect(reportFileName({ report: 'contract', format: 'xlsx' }, 'Cœur d’Yonne', '2026-11-23')).toBe('CPTS-Coeur-d-Yonne-echeancier-2026-11-23.xlsx');
    expect(reportFileName({ report: 'contract', format: 'xlsx' }, '=HYPERLINK("http://x","y")', '2026-11-23')).toBe('CPTS-HYPERLINK-http-x-y-echeancier-2026-11-23.xlsx');
    expect(reportFileName({ report: 'contract', format: 'xlsx' }, '../../…', '2026-11-23')).toBe('CPTS-echeancier-2026-11-23.xlsx');
  });

  it('keeps slugs short and free of path characters', () => {
    const slug = fileSlug('CPTS ' + 'Très-Long Nom / avec \\ des : caractères * interdits ? '.repeat(5));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[A-Za-z0-9-]+$/);
    expect(slug.endsWith('-')).toBe(false);
  });
});
