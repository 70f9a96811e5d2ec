// Runs an export where the data is. Electron: main builds the file, asks where to save it
// (native dialog) and writes it; the renderer never chooses a path. Browser mode: the API returns
// the file and the browser downloads it.
import type { ApiInput } from '../../../shared/api';
import { api, call, ApiFailure } from '../../api/client';
import { downloadBase64 } from '../../components/files';

export type ExportRequest = ApiInput<'reports.export'>;

/** What to tell the user once the export is done; null if they cancelled the save dialog. */
export async function runExport(request: ExportRequest): Promise<string | null> {
  if (api.saveExport) {
    const res = await api.saveExport(request);
    if (!res.ok) throw new ApiFailure(res.error.message, res.error.fields);
    return res.value.saved ? `Fichier enregistré : ${res.value.path}` : null;
  }
  const file = await call('reports.export', request);
  downloadBase64(file.fileName, file.mimeType, file.base64);
  return `Fichier téléchargé : ${file.fileName}`;
}
