// A killed upload leaves a hidden temporary file (`.<name>.<pid>-<hex>.ecriture`) beside the
// evidence files; opening the data folder removes those of dead processes, and only those: the
// stored pieces, the other files and a temporary file of a process still running stay.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftoverTempFiles, TEMP_SUFFIX } from '../../electron/api/evidence';
import { startData } from '../../electron/runtime';
import { tempDir } from './helpers';

/** A process id that existed and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function leftovers(dir: string): { dead: string[]; alive: string; kept: string[] } {
  const pid = deadPid();
  mkdirSync(join(dir, 'pieces', 'ab'), { recursive: true });
  const dead = [
    join('pieces', 'ab', `.ab12.pdf.${pid}-0badcafe${TEMP_SUFFIX}`),
    `.reglages.json.${pid}-12345678${TEMP_SUFFIX}`,
  ];
  const alive = join('pieces', 'ab', `.ab34.pdf.${process.pid}-deadbeef${TEMP_SUFFIX}`);
  const kept = [join('pieces', 'ab', 'ab12.pdf'), join('pieces', 'ab', `note${TEMP_SUFFIX}`), 'lisez-moi.txt'];
  for (const f of [...dead, alive, ...kept]) writeFileSync(join(dir, f), 'x');
  return { dead, alive, kept };
}

describe('leftover temporary files of killed uploads', () => {
  it('removes those of dead processes only', () => {
    const dir = tempDir();
    const { dead, alive, kept } = leftovers(dir);
    expect(removeLeftoverTempFiles(dir).sort()).toEqual(dead.map((f) => f.split('\\').join('/')).sort());
    for (const f of dead) expect(existsSync(join(dir, f)), f).toBe(false);
    for (const f of [alive, ...kept]) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(removeLeftoverTempFiles(dir)).toEqual([]);
  });

  it('happens when the app opens its data folder', async () => {
    const dir = tempDir();
    const { dead, kept } = leftovers(dir);
    const started = await startData(dir, 'browser', undefined, {});
    try {
      for (const f of dead) expect(existsSync(join(dir, f)), f).toBe(false);
      for (const f of kept) expect(existsSync(join(dir, f)), f).toBe(true);
    } finally {
      await started.opened.close();
    }
  }, 60_000);
});
