// Runs an export where the data is. Electron: main builds the file, asks where to save it
// (native dialog) and writes it; the renderer never chooses a path. Browser mode: the API returns
// the file and the browser downloads it.
import type { ApiInput } from '../../../shared/api';
import { api, call, ApiFailure } from '../../api/client';

export type ExportRequest = ApiInput<'reports.export'>;

/** What to tell the user once the export is done; null if they cancelled the save dialog. */
export async function runExport(request: ExportRequest): Promise<string | null> {
  if (api.saveExport) {
    const res = await api.saveExport(request);
    if (!res.ok) throw new ApiFailure(res.error.message, res.error.fields);
    return res.value.saved ? `Fichier enregistré : ${res.value.path}` : null;
  }
  const file = await call('reports.export', request);
  download(file.fileName, file.mimeType, file.base64);
  return `Fichier téléchargé : ${file.fileName}`;
}

function download(fileName: string, mimeType: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the object URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
