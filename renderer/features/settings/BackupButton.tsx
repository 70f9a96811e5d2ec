// "Sauvegarder une copie": a consistent copy of the database in the data folder's sauvegardes/.
import { useApiMutation } from '../../api/hooks';

export function BackupButton() {
  const backup = useApiMutation('backup.create');
  return (
    <div className="backup">
      <button type="button" className="button small sidebar-button" disabled={backup.isPending} onClick={() => backup.mutate({})}>
        {backup.isPending ? 'Sauvegarde…' : 'Sauvegarder une copie'}
      </button>
      {backup.data && (
        <div role="status" className="small">
          Copie enregistrée : {backup.data.path}
        </div>
      )}
      {backup.error && (
        <div role="alert" className="small late">
          {backup.error.message}
        </div>
      )}
    </div>
  );
}
