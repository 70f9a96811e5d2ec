// The font of every PDF: DejaVu Sans (resources/fonts, with its licence), which has every French
// letter, the € sign and the narrow no-break space U+202F that Intl fr-FR puts in amounts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TFontDictionary } from 'pdfmake/interfaces';

export const PDF_FONT = 'DejaVuSans';
const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

/**
 * resources/fonts: in the packaged app, electron-builder copies it to <resources>/fonts; from the
 * sources (tsx) or the bundle (dist/electron/main.cjs), it is found by walking up from this module.
 */
export function fontsDir(): string {
  const candidates: string[] = [];
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'fonts'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'fonts'));
    dir = dirname(dir);
  }
  const found = candidates.find((d) => existsSync(join(d, REGULAR)));
  if (!found) throw new Error(`Police ${REGULAR} introuvable (cherchée dans : ${candidates.join(', ')}).`);
  return found;
}

export function pdfFonts(): TFontDictionary {
  const dir = fontsDir();
  const regular = join(dir, REGULAR);
  const bold = join(dir, BOLD);
  // No oblique face is shipped: italics fall back to the upright faces.
  return { [PDF_FONT]: { normal: regular, bold, italics: regular, bolditalics: bold } };
}
