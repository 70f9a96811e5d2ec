// "Base partagée" in the sidebar (issue 13): which database the app serves (its data folder's
// file, or a shared PostgreSQL server), and the setting that points it at a shared server at the
// next start. The address is tested before it is saved; the password is never shown back (the
// server masks it). ACI_DATABASE_URL, when set, wins over the setting, and the screen says so.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SharedDatabaseInfo } from '../../../shared/settings';
import { call, errorText } from '../../api/client';

type Message = { kind: 'status' | 'alert'; text: string };

const prose = { wordBreak: 'normal', overflowWrap: 'anywhere' } as const;

export function SharedDatabase() {
  const [open, setOpen] = useState(false);
  const [info, setInfo] = useState<SharedDatabaseInfo | null>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState<null | 'test' | 'save'>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call('settings.sharedDatabase', {})
      .then((i) => live && setInfo(i))
      .catch((e: unknown) => live && setMessage({ kind: 'alert', text: errorText(e) }));
    inputRef.current?.focus();
    return () => {
      live = false;
    };
  }, [open]);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  async function test(): Promise<void> {
    setBusy('test');
    setMessage(null);
    try {
      const r = await call('settings.testSharedDatabase', { url });
      setMessage({
        kind: 'status',
        text: `Connexion réussie à ${r.server} (PostgreSQL ${r.serverVersion}) : ${r.contracts === null ? 'base encore vide, l’application la préparera à son démarrage' : `${r.contracts} contrat(s)`}.`,
      });
    } catch (e) {
      setMessage({ kind: 'alert', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  async function save(target: string | null): Promise<void> {
    setBusy('save');
    setMessage(null);
    try {
      const r = await call('settings.saveSharedDatabase', { url: target });
      setInfo((i) => (i ? { ...i, saved: r.saved } : i));
      setUrl('');
      setMessage({
        kind: 'status',
        text:
          (r.saved ? `Base partagée enregistrée : ${r.saved}.` : 'Réglage retiré : l’application reprendra la base de son dossier de données.') +
          ' Fermez puis relancez l’application pour l’appliquer.' +
          (r.overriddenByEnv ? ' Attention : la variable ACI_DATABASE_URL est définie et reste prioritaire.' : ''),
      });
    } catch (e) {
      setMessage({ kind: 'alert', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  function submit(e: FormEvent): void {
    e.preventDefault();
    void save(url);
  }

  return (
    <div className="backup">
      <button type="button" className="button small sidebar-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Base partagée
      </button>
      {open && (
        <form role="group" aria-label="Base partagée" className="small backup-summary" style={prose} onSubmit={submit}>
          {info && (
            <p>
              En service : {info.inUse === 'postgres' ? `base partagée ${info.inUseUrl ?? ''}` : 'base du dossier de données (cet ordinateur)'}.
              {info.saved ? ` Réglage enregistré : ${info.saved}.` : ''}
              {info.fromEnv ? ' La variable ACI_DATABASE_URL est définie : elle l’emporte sur le réglage.' : ''}
            </p>
          )}
          <label>
            Adresse du serveur PostgreSQL
            <input
              ref={inputRef}
              type="text"
              value={url}
              autoComplete="off"
              spellCheck={false}
              placeholder="postgres://agent@serveur:5432/aci"
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <p>Le mot de passe éventuel est conservé dans le dossier de données et n’est jamais réaffiché.</p>
          <button type="button" className="button small sidebar-button" disabled={busy !== null || url.trim() === ''} onClick={() => void test()}>
            {busy === 'test' ? 'Test…' : 'Tester la connexion'}
          </button>
          <button type="submit" className="button small sidebar-button" disabled={busy !== null || url.trim() === ''}>
            {busy === 'save' ? 'Enregistrement…' : 'Tester et enregistrer'}
          </button>
          {info?.saved && (
            <button type="button" className="button small sidebar-button" disabled={busy !== null} onClick={() => void save(null)}>
              Revenir à la base locale
            </button>
          )}
        </form>
      )}
      {message && (
        <div ref={messageRef} tabIndex={-1} role={message.kind} className="small" style={prose}>
          {message.text}
        </div>
      )}
    </div>
  );
}
