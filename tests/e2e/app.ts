// Starts the real app in browser mode (`electron/start.ts`) on a fresh data folder and a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningApp {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'aci-e2e-'));
}

/** The demo database made once by global-setup.ts (seeding it takes seconds). */
export const DEMO_TEMPLATE = join(tmpdir(), 'aci-e2e-template', 'aci-cpts.sqlite');

/** A data folder that already holds the demo portfolio (a copy of the template). */
export function demoDataDir(): string {
  const dir = freshDataDir();
  if (existsSync(DEMO_TEMPLATE)) copyFileSync(DEMO_TEMPLATE, join(dir, 'aci-cpts.sqlite'));
  return dir;
}

export async function startApp(dataDir: string = demoDataDir(), env: Record<string, string> = {}): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/start.ts'], {
    env: { ...process.env, ACI_BROWSER_MODE: '1', ACI_DATA_DIR: dataDir, PORT: '0', ACI_TODAY: '2026-11-23', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`L'application n'a pas démarré :\n${output}`)), 120_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /ACI CPTS prêt : (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`L'application s'est arrêtée (code ${code}) :\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        // The app stops its web server and database on SIGTERM; should it still be running after
        // 15 s, it is killed, so that a stuck stop shows as the app's fault, not as a test timeout.
        const kill = setTimeout(() => {
          console.error(`L'application ne s'est pas arrêtée en 15 s après SIGTERM :\n${output.slice(-2000)}`);
          child.kill('SIGKILL');
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
