// The CLI's side of "one writer per data folder" (electron/dataLock.ts). Commands that are known
// to write (demo, demo-remove, restore) take the data folder's lock before touching anything.
// Every other command opens the database with a guard: its reads run even while the app is open
// on the folder, and its first write (an import, any API write) takes the lock then, or is
// refused when another live process holds it: nothing is written (the call's transaction is
// rolled back), and the CLI exits 2 with the French message.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { AppError } from './api/context';
import { acquireDataLock, DataFolderInUseError, lockHolder, type DataLock, type LockOwner } from './dataLock';

/** The refusal of a write: code FORBIDDEN, which the CLI answers with exit code 2. */
export function folderInUseRefusal(e: DataFolderInUseError, command: string | null): AppError {
  const what = command ? `La commande « ${command} » modifie les données` : 'Cette commande modifie les données';
  return new AppError(
    'FORBIDDEN',
    `${e.message} ${what} : elle est refusée tant que ce dossier est utilisé par un autre processus ; les commandes de lecture restent possibles.`,
  );
}

const WRITE_NODES: ReadonlySet<string> = new Set([
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
  'CreateTableNode',
  'DropTableNode',
  'AlterTableNode',
  'CreateIndexNode',
  'DropIndexNode',
  'CreateViewNode',
  'DropViewNode',
]);

const RAW_WRITE = /^\s*(insert|update|delete|replace|create|drop|alter|vacuum|reindex)\b/i;

/** Whether a query (Kysely operation tree) writes. Raw SQL is judged by its first word. */
export function isWriteQuery(node: OperationNode): boolean {
  if (WRITE_NODES.has(node.kind)) return true;
  if (node.kind === 'RawNode') return RAW_WRITE.test((node as OperationNode & { sqlFragments: readonly string[] }).sqlFragments.join('?'));
  return false;
}

export interface CliDataAccess {
  /** The live process holding the folder when the command started (the app, another command), or null. */
  heldBy: LockOwner | null;
  /** Takes the lock now (a command known to write), or throws the refusal. */
  lockNow(): void;
  /** Kysely plugin: the first write takes the lock, or is refused. */
  guard: KyselyPlugin;
  release(): void;
}

export function cliDataAccess(dataDir: string, command: string | null): CliDataAccess {
  let lock: DataLock | null = null;
  const lockNow = (): void => {
    if (lock) return;
    try {
      lock = acquireDataLock(dataDir, command ? `cli ${command}` : 'cli');
    } catch (e) {
      if (e instanceof DataFolderInUseError) throw folderInUseRefusal(e, command);
      throw e;
    }
  };
  const guard: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (!lock && isWriteQuery(args.node)) lockNow();
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(args.result);
    },
  };
  return {
    heldBy: lockHolder(dataDir),
    lockNow,
    guard,
    release: () => {
      lock?.release();
      lock = null;
    },
  };
}
