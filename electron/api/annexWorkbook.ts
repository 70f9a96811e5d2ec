// The yearly annex from an Excel workbook (issue 12): `annex.template` gives the empty template;
// `annex.importWorkbook` reads a filled one and writes the whole annex in the call's one
// transaction, or refuses it whole — every bad row listed in French with its number, nothing
// written. The year must be open (its annual dialogue not closed) and have no annex typed yet
// (no action): the import creates an annex, it never mixes with nor replaces one.
import type { ApiParsed } from '../../shared/api';
import type { ExportFile } from '../../shared/reports';
import { parseAnnexRows, refusalSummary } from '../../shared/domain/annexWorkbook';
import { MAX_ANNEX_WORKBOOK_BYTES, rowErrorFields, type AnnexWorkbookImported } from '../../shared/schemas/annexWorkbook';
import { annexContentCounts, insertImportedAnnex } from '../db/repo/annexImport';
import { buildAnnexTemplate, ANNEX_TEMPLATE_FILE, XLSX_MIME } from '../reports/excel/annexTemplate';
import { AnnexWorkbookError, readAnnexWorkbook } from '../reports/excel/annexWorkbookRead';
import { annexYearId, createAnnexIn, getAnnex, yearBounds } from './annex';
import { assertYearOpen } from './closedYears';
import { AppError, invalid, type ApiContext } from './context';
import { loadContract } from './contracts';

export async function annexTemplate(): Promise<ExportFile> {
  return { fileName: ANNEX_TEMPLATE_FILE, mimeType: XLSX_MIME, base64: (await buildAnnexTemplate()).toString('base64') };
}

export async function importAnnexWorkbook(ctx: ApiContext, input: ApiParsed<'annex.importWorkbook'>): Promise<AnnexWorkbookImported> {
  const c = await loadContract(ctx.db, input.contractId);
  yearBounds(c, input.year);
  await assertYearOpen(ctx.db, c.id, input.year, 'son annexe (actions, indicateurs, paliers, montants)');
  const existing = await annexYearId(ctx.db, c.id, input.year);
  if (existing) {
    const n = await annexContentCounts(ctx.db, existing);
    if (n.actions > 0) {
      throw new AppError(
        'CONFLICT',
        `L’annexe de l’année ${input.year} est déjà saisie (${n.actions} action(s), ${n.indicators} indicateur(s)) : l’import d’un classeur crée l’annexe d’une année qui n’en a pas encore, il ne la complète ni ne la remplace. Complétez-la à l’écran.`,
      );
    }
  }
  const bytes = Buffer.from(input.file.base64, 'base64');
  if (bytes.length === 0) throw invalid('file', 'Fichier vide : un classeur Excel .xlsx est attendu.');
  if (bytes.length > MAX_ANNEX_WORKBOOK_BYTES) throw invalid('file', 'Fichier trop volumineux pour une annexe (5 Mo au plus).');
  let read: Awaited<ReturnType<typeof readAnnexWorkbook>>;
  try {
    read = await readAnnexWorkbook(bytes);
  } catch (e) {
    if (e instanceof AnnexWorkbookError) throw invalid('file', `${input.file.fileName} : ${e.message}`);
    throw e;
  }
  const parsed = parseAnnexRows(read.rows, { missions: c.missions.map((m) => m.code) });
  if (!parsed.ok) throw new AppError('VALIDATION', refusalSummary(parsed), rowErrorFields(parsed.errors, parsed.moreErrors));
  const annexId = existing ?? (await createAnnexIn(ctx.db, c.id, input.year, null));
  await insertImportedAnnex(ctx.db, annexId, parsed.actions);
  return {
    actions: parsed.actions.length,
    indicators: parsed.indicatorCount,
    livrables: parsed.livrableCount,
    sheet: read.sheet,
    annex: await getAnnex(ctx, { contractId: c.id, year: input.year }),
  };
}
