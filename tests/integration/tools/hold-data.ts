// Stands for the running app in tests/integration/data-lock.test.ts: opens a data folder as the
// app does (electron/runtime.ts startData, which takes the folder's lock), says "prêt", and waits
// to be stopped (SIGTERM: closes and releases) or killed (SIGKILL: a stale lock stays behind).
import { startData } from '../../../electron/runtime';

async function main(): Promise<void> {
  const started = await startData(process.argv[2], 'browser');
  // Before saying "prêt": the test may stop it as soon as it reads the word.
  process.on('SIGTERM', () => {
    void started.opened.close().then(() => process.exit(0));
  });
  setInterval(() => undefined, 1_000);
  process.stdout.write('prêt\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
