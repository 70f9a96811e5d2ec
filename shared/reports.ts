// Exports: which reports exist, what they cover (one contract or the whole portfolio, one
// dialogue de gestion), in which formats, and the name of the file they produce. Pure: the UI,
// the CLI and the API share it.
//
// Adding a report:
//  1. add its name to REPORT_NAMES and its entry to REPORTS below (the schema follows);
//  2. register its builder in electron/reports/index.ts (BUILDERS).
import { z } from 'zod';
import { idSchema } from './schemas/common';
import { REVIEW_KINDS, type ReviewKind } from './schemas/indicators';

/** dossier: dossier de préparation of a dialogue de gestion; minutes: compte rendu of a closed one. */
export const REPORT_NAMES = ['contract', 'portfolio', 'payments', 'dossier', 'minutes', 'annexe-financiere', 'registre-indemnites'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ReportFormat, string> = { xlsx: 'Excel (xlsx)', pdf: 'PDF' };

export const MIME_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportSpec {
  label: string;
  /** 'contract': needs a contractId; 'portfolio': every contract, no contractId. */
  scope: 'contract' | 'portfolio';
  formats: readonly ReportFormat[];
  /** Whether the report covers one year: a contract year (1 to 5) unless `civilYear`. */
  year: 'required' | 'optional' | 'none';
  /** The year is a civil year (the register of indemnities, held per civil year against the PASS). */
  civilYear?: boolean;
  /**
   * Which dialogue de gestion the report is about: 'slot' = its year and kind (so a review not
   * created yet can be prepared), 'id' = an existing review (reviewId), 'none'.
   */
  review: 'slot' | 'id' | 'none';
  /** The word of the file name that says what the file holds. */
  fileWord: string;
}

export const REPORTS: Record<ReportName, ReportSpec> = {
  contract: { label: 'Classeur du contrat', scope: 'contract', formats: ['xlsx'], year: 'none', review: 'none', fileWord: 'echeancier' },
  portfolio: { label: 'Classeur du portefeuille', scope: 'portfolio', formats: ['xlsx'], year: 'none', review: 'none', fileWord: 'portefeuille' },
  payments: { label: 'État des versements', scope: 'contract', formats: ['pdf'], year: 'required', review: 'none', fileWord: 'versements' },
  dossier: { label: 'Dossier de préparation', scope: 'contract', formats: ['pdf'], year: 'required', review: 'slot', fileWord: 'dialogue' },
  minutes: { label: 'Compte rendu de dialogue', scope: 'contract', formats: ['pdf'], year: 'none', review: 'id', fileWord: 'compte-rendu' },
  'annexe-financiere': { label: 'Annexe financière', scope: 'contract', formats: ['xlsx', 'pdf'], year: 'required', review: 'none', fileWord: 'annexe-financiere' },
  'registre-indemnites': {
    label: 'Registre des indemnités',
    scope: 'contract',
    formats: ['xlsx', 'pdf'],
    year: 'required',
    civilYear: true,
    review: 'none',
    fileWord: 'registre-indemnites',
  },
};

/** Bounds of a civil year (the register of indemnities), as the indemnities view takes them. */
export const CIVIL_YEAR_MIN = 2019;
export const CIVIL_YEAR_MAX = 2100;

/** In file names: S1 = the intermediate review of a contract year, S2 = its annual review. */
export const REVIEW_FILE_CODES: Record<ReviewKind, string> = { intermediate: 'S1', annual: 'S2' };

export const CONTRACT_YEARS = 5;

export const reportExportSchema = z
  .object({
    report: z.enum(REPORT_NAMES, { error: `Rapport inconnu : ${REPORT_NAMES.join(', ')} attendu.` }),
    format: z.enum(REPORT_FORMATS, { error: 'Format inconnu : xlsx ou pdf attendu.' }),
    contractId: idSchema.optional(),
    /** A contract year (1 to 5), or a civil year for a report with `civilYear` (bounds checked below). */
    year: z
      .number({ error: `Année : nombre attendu (année du contrat de 1 à ${CONTRACT_YEARS}, ou année civile pour le registre des indemnités).` })
      .int(`Année : nombre entier attendu.`)
      .optional(),
    kind: z.enum(REVIEW_KINDS, { error: 'Type de dialogue : intermediate (intermédiaire) ou annual (annuel) attendu.' }).optional(),
    reviewId: idSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const spec = REPORTS[r.report];
    if (!spec) return;
    if (r.format && !spec.formats.includes(r.format)) {
      const offered = spec.formats.map((f) => FORMAT_LABELS[f]).join(' ou ');
      ctx.addIssue({ code: 'custom', path: ['format'], message: `${spec.label} : pas de version ${FORMAT_LABELS[r.format]}, seulement ${offered}.` });
    }
    if (spec.scope === 'contract' && r.contractId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['contractId'], message: `${spec.label} : indiquez le contrat.` });
    }
    if (spec.scope === 'portfolio' && r.contractId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['contractId'], message: `${spec.label} : il couvre tous les contrats, n’indiquez pas de contrat.` });
    }
    if (spec.year === 'required' && r.year === undefined) {
      const which = spec.civilYear ? 'l’année civile (ex. 2025)' : `l’année du contrat (1 à ${CONTRACT_YEARS})`;
      ctx.addIssue({ code: 'custom', path: ['year'], message: `${spec.label} : indiquez ${which}.` });
    }
    if (spec.year !== 'none' && r.year !== undefined) {
      if (spec.civilYear && (r.year < CIVIL_YEAR_MIN || r.year > CIVIL_YEAR_MAX)) {
        ctx.addIssue({ code: 'custom', path: ['year'], message: `Année civile : de ${CIVIL_YEAR_MIN} à ${CIVIL_YEAR_MAX}.` });
      }
      if (!spec.civilYear && (r.year < 1 || r.year > CONTRACT_YEARS)) {
        ctx.addIssue({ code: 'custom', path: ['year'], message: `Année du contrat : de 1 à ${CONTRACT_YEARS}.` });
      }
    }
    if (spec.year === 'none' && r.year !== undefined) {
      const message = spec.review === 'id' ? `${spec.label} : l’année est celle du dialogue, n’indiquez pas d’année.` : `${spec.label} : il couvre toutes les années, n’indiquez pas d’année.`;
      ctx.addIssue({ code: 'custom', path: ['year'], message });
    }
    if (spec.review === 'slot' && r.kind === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `${spec.label} : indiquez le type de dialogue (intermédiaire ou annuel).` });
    }
    if (spec.review === 'id' && r.reviewId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reviewId'], message: `${spec.label} : indiquez le dialogue de gestion (son numéro).` });
    }
    if (spec.review !== 'slot' && r.kind !== undefined) {
      const message = spec.review === 'id' ? `${spec.label} : le dialogue se désigne par son numéro, n’indiquez pas de type.` : `${spec.label} : il ne porte pas sur un dialogue de gestion, n’indiquez pas de type de dialogue.`;
      ctx.addIssue({ code: 'custom', path: ['kind'], message });
    }
    if (spec.review !== 'id' && r.reviewId !== undefined) {
      const message =
        spec.review === 'slot'
          ? `${spec.label} : désignez le dialogue par son année et son type (intermédiaire ou annuel), pas par son numéro.`
          : `${spec.label} : il ne porte pas sur un dialogue de gestion, n’indiquez pas de dialogue.`;
      ctx.addIssue({ code: 'custom', path: ['reviewId'], message });
    }
  });

export type ReportRequest = z.output<typeof reportExportSchema>;

/** An exported file, as the API returns it (base64, so it travels over IPC, HTTP and JSON alike). */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** What the Electron save dialog did with an export (the renderer never sees a chosen path but this one). */
export interface SavedExport {
  saved: boolean;
  fileName: string;
  /** Where the file was written; null if the user cancelled. */
  path: string | null;
}

/** ASCII-safe file-name part: "CPTS Rives du Léman" -> "CPTS-Rives-du-Leman". */
export function fileSlug(s: string, max = 60): string {
  const slug = s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '');
}

/**
 * "CPTS-Rives-du-Leman-echeancier-2026-11-23.xlsx", "CPTS-Rives-du-Leman-versements-annee-2-2026-11-23.pdf",
 * "ACI-CPTS-portefeuille-2026-11-23.xlsx": what the file holds and the date of its data. A
 * dialogue de gestion is named by its contract year and S1 (intermediate) or S2 (annual):
 * "CPTS-Rives-du-Leman-dialogue-annee-3-S2-2026-11-23.pdf" (dossier de préparation),
 * "CPTS-Rives-du-Leman-compte-rendu-annee-2-S2-2026-11-23.pdf" (the minutes name the review's
 * year and kind, resolved from its reviewId).
 */
export function reportFileName(req: Pick<ReportRequest, 'report' | 'format' | 'year' | 'kind'>, cptsName: string | null, dataDate: string): string {
  const spec = REPORTS[req.report];
  let head = 'ACI-CPTS';
  if (spec.scope === 'contract') {
    const slug = fileSlug(cptsName ?? '');
    head = /^cpts(-|$)/i.test(slug) ? slug : `CPTS${slug ? `-${slug}` : ''}`;
  }
  const year = req.year === undefined ? '' : spec.civilYear ? `-${req.year}` : `-annee-${req.year}`;
  const kind = req.kind !== undefined ? `-${REVIEW_FILE_CODES[req.kind]}` : '';
  return `${head}-${spec.fileWord}${year}${kind}-${dataDate}.${req.format}`;
}
