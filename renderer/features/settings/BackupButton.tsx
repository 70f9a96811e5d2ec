// "Sauvegarder" and "Restaurer" in the sidebar.
//  - Sauvegarder: one zip archive (database, every evidence file, manifest with SHA-256). In
//    Electron main asks where to save it (native dialog); in browser mode the browser downloads it.
//  - Restaurer: the chosen archive is checked entirely by the app, which shows what it holds;
//    only after the user confirms is it set aside to replace the current data when the app is
//    next started (the replaced data is kept in avant-restauration-<date>/ of the data folder).
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { MAX_BROWSER_ARCHIVE_BYTES, type BackupSummary } from '../../../shared/backup';
import { formatDateFr } from '../../../shared/dates';
import { api, call, ApiFailure, errorText } from '../../api/client';
import { downloadBase64, readBase64 } from '../../components/files';

type Message = { kind: 'status' | 'alert'; text: string };

/** The sidebar's .backup breaks anywhere (long paths); sentences break between words. */
const prose = { wordBreak: 'normal', overflowWrap: 'anywhere' } as const;


export function BackupButton() {
  const [busy, setBusy] = useState<null | 'save' | 'inspect' | 'restore'>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [chosen, setChosen] = useState<{ fileName: string; base64: string; summary: BackupSummary } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);

  // Keyboard and screen-reader users are taken to what happened.
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  useEffect(() => {
    if (chosen) confirmRef.current?.focus();
  }, [chosen]);

  async function save(): Promise<void> {
    setBusy('save');
    setMessage(null);
    try {
      if (api.saveBackup) {
        const res = await api.saveBackup();
        if (!res.ok) throw new ApiFailure(res.error.message, res.error.fields);
        if (res.value.saved) setMessage({ kind: 'status', text: `Sauvegarde enregistrée : ${res.value.path}` });
      } else {
        const file = await call('backup.create', {});
        downloadBase64(file.fileName, file.mimeType, file.base64);
        setMessage({ kind: 'status', text: `Sauvegarde téléchargée : ${file.fileName} (${file.contractCount} contrat(s), ${file.evidenceFiles} pièce(s)).` });
      }
    } catch (e) {
      setMessage({ kind: 'alert', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  async function inspect(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setChosen(null);
    setMessage(null);
    if (!api.saveBackup && file.size > MAX_BROWSER_ARCHIVE_BYTES) {
      setMessage({ kind: 'alert', text: 'Archive trop volumineuse pour le mode navigateur (200 Mo au plus) : restaurez-la avec `npm run aci -- restore`.' });
      return;
    }
    setBusy('inspect');
    try {
      const base64 = await readBase64(file);
      const summary = await call('backup.inspect', { archiveBase64: base64 });
      setChosen({ fileName: file.name, base64, summary });
    } catch (err) {
      setMessage({ kind: 'alert', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  async function restore(): Promise<void> {
    if (!chosen) return;
    setBusy('restore');
    try {
      await call('backup.restore', { archiveBase64: chosen.base64 });
      setChosen(null);
      setMessage({
        kind: 'status',
        text:
          'Sauvegarde vérifiée et prête : fermez puis relancez l’application pour terminer la restauration. ' +
          'Les données actuelles (y compris ce que vous saisiriez d’ici là) seront gardées dans le dossier avant-restauration-<date> du dossier de données.',
      });
    } catch (err) {
      setMessage({ kind: 'alert', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  const s = chosen?.summary;
  return (
    <div className="backup">
      <button type="button" className="button small sidebar-button" disabled={busy !== null} onClick={() => void save()}>
        {busy === 'save' ? 'Sauvegarde…' : 'Sauvegarder'}
      </button>
      <button type="button" className="button small sidebar-button" disabled={busy !== null} onClick={() => fileInput.current?.click()}>
        {busy === 'inspect' ? 'Vérification…' : busy === 'restore' ? 'Restauration…' : 'Restaurer…'}
      </button>
      <input ref={fileInput} type="file" accept=".zip,application/zip" hidden aria-label="Archive de sauvegarde à restaurer" onChange={(e) => void inspect(e)} />
      {s && chosen && (
        <div ref={confirmRef} tabIndex={-1} role="group" aria-label="Contenu de la sauvegarde" className="small backup-summary" style={prose}>
          <p>
            <strong>{chosen.fileName}</strong> — sauvegarde du {formatDateFr(s.createdAt.slice(0, 10))}, vérifiée :
          </p>
          <ul>
            <li>
              {s.contractCount} contrat(s){s.contracts.length > 0 ? ` : ${s.contracts.map((c) => c.name).join(', ')}` : ''}
            </li>
            <li>{s.evidenceFiles} pièce(s) justificative(s)</li>
            <li>dernière modification : {s.lastChange ? formatDateFr(s.lastChange.slice(0, 10)) : 'aucune'}</li>
            {s.schema === 'older' && <li>version antérieure : la base sera mise à jour à l’ouverture</li>}
            {s.warnings.map((w) => (
              <li key={w}>attention : {w}</li>
            ))}
          </ul>
          <p>Elle remplacera toutes les données actuelles, qui seront gardées à part.</p>
          <button type="button" className="button small sidebar-button" disabled={busy !== null} onClick={() => void restore()}>
            Remplacer les données par cette sauvegarde
          </button>
          <button type="button" className="button small sidebar-button" disabled={busy !== null} onClick={() => setChosen(null)}>
            Annuler
          </button>
        </div>
      )}
      {message && (
        <div ref={messageRef} tabIndex={-1} role={message.kind} className={message.kind === 'alert' ? 'small late' : 'small'} style={prose}>
          {message.text}
        </div>
      )}
    </div>
  );
}
