// Exports (Excel, PDF): the file travels as base64 so IPC, HTTP and the CLI carry it alike.
import type { ApiParsed } from '../../shared/api';
import type { ExportFile } from '../../shared/reports';
import { exportReport } from '../reports';
import type { ApiContext } from './context';

export async function exportReportFile(ctx: ApiContext, input: ApiParsed<'reports.export'>): Promise<ExportFile> {
  const built = await exportReport(ctx, input);
  return { fileName: built.fileName, mimeType: built.mimeType, base64: built.bytes.toString('base64') };
}
