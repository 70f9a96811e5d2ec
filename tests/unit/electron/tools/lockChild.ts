// A process for tests/unit/electron/dataLock.test.ts: takes the lock of a data folder, says so,
// then exits normally, waits to be killed, or reports a refusal. Usage:
// tsx lockChild.ts <dataDir> exit|hold|try [go-file]
import { existsSync } from 'node:fs';
import { acquireDataLock, DataFolderInUseError } from '../../../../electron/dataLock';

const [dataDir, mode, goFile] = process.argv.slice(2);

async function main(): Promise<void> {
  if (goFile) {
    while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  }
  try {
    acquireDataLock(dataDir, 'browser');
  } catch (e) {
    if (e instanceof DataFolderInUseError) {
      process.stdout.write(`refused ${e.owner?.pid ?? 0}\n`);
      return;
    }
    throw e;
  }
  process.stdout.write(`locked ${process.pid}\n`);
  if (mode === 'hold' || mode === 'try') setInterval(() => undefined, 1_000); // until killed
}

void main();
