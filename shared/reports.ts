// Exports: which reports exist, what they cover (one contract or the whole portfolio), in which
// formats, and the name of the file they produce. Pure: the UI, the CLI and the API share it.
//
// Adding a report ("dossier" de préparation, "minutes" = compte rendu de dialogue de gestion):
//  1. add its name to REPORT_NAMES and its entry to REPORTS below (the schema follows);
//  2. register its builder in electron/reports/index.ts (BUILDERS).
import { z } from 'zod';
import { idSchema } from './schemas/common';

export const REPORT_NAMES = ['contract', 'portfolio', 'payments'] as const;
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
  /** Whether the report covers one contract year (1 to 5). */
  year: 'required' | 'optional' | 'none';
  /** The word of the file name that says what the file holds. */
  fileWord: string;
}

export const REPORTS: Record<ReportName, ReportSpec> = {
  contract: { label: 'Classeur du contrat', scope: 'contract', formats: ['xlsx'], year: 'none', fileWord: 'echeancier' },
  portfolio: { label: 'Classeur du portefeuille', scope: 'portfolio', formats: ['xlsx'], year: 'none', fileWord: 'portefeuille' },
  payments: { label: 'État des versements', scope: 'contract', formats: ['pdf'], year: 'required', fileWord: 'versements' },
};

export const CONTRACT_YEARS = 5;

export const reportExportSchema = z
  .object({
    report: z.enum(REPORT_NAMES, { error: `Rapport inconnu : ${REPORT_NAMES.join(', ')} attendu.` }),
    format: z.enum(REPORT_FORMATS, { error: 'Format inconnu : xlsx ou pdf attendu.' }),
    contractId: idSchema.optional(),
    year: z
      .number({ error: `Année du contrat : nombre de 1 à ${CONTRACT_YEARS} attendu.` })
      .int(`Année du contrat : nombre de 1 à ${CONTRACT_YEARS} attendu.`)
      .min(1, `Année du contrat : de 1 à ${CONTRACT_YEARS}.`)
      .max(CONTRACT_YEARS, `Année du contrat : de 1 à ${CONTRACT_YEARS}.`)
      .optional(),
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
      ctx.addIssue({ code: 'custom', path: ['year'], message: `${spec.label} : indiquez l’année du contrat (1 à ${CONTRACT_YEARS}).` });
    }
    if (spec.year === 'none' && r.year !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: `${spec.label} : il couvre toutes les années, n’indiquez pas d’année.` });
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
 * "ACI-CPTS-portefeuille-2026-11-23.xlsx": what the file holds and the date of its data.
 */
export function reportFileName(req: Pick<ReportRequest, 'report' | 'format' | 'year'>, cptsName: string | null, dataDate: string): string {
  const spec = REPORTS[req.report];
  let head = 'ACI-CPTS';
  if (spec.scope === 'contract') {
    const slug = fileSlug(cptsName ?? '');
    head = /^cpts(-|$)/i.test(slug) ? slug : `CPTS${slug ? `-${slug}` : ''}`;
  }
  const year = req.year !== undefined ? `-annee-${req.year}` : '';
  return `${head}-${spec.fileWord}${year}-${dataDate}.${req.format}`;
}
