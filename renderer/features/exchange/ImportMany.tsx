// The portfolio's import of several exchange files at once (issue 12): a CPAM agent receives the
// files of the CPTS it follows and brings them all in. Each file is read and compared first
// (exchange.preview: new, changed, unchanged, conflicts — or the French reason it is refused);
// the user keeps the files to import, answers each conflict, confirms a contract recognised by its
// SIRET and signature date, and each kept file is then written by its own call (exchange.apply:
// one transaction, after a copy of the database). A file of a contract not in this base yet creates
// it: this is how an empty base (a CPAM agent's, `aci init`) gets its contracts.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ExchangeApplied, ExchangePreview } from '../../../shared/exchange/types';
import { call, errorText } from '../../api/client';
import { DifferenceCounts } from './DifferenceCounts';
import { readBase64 } from '../../components/files';
import { allAnswered, ConflictChoices, initialChoices, type Choices } from './ExchangeActions';

const frDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

type Item =
  | { name: string; state: 'refused'; message: string }
  | {
      name: string;
      state: 'ready' | 'done' | 'failed';
      base64: string;
      preview: ExchangePreview;
      keep: boolean;
      /** A contract recognised by SIRET and signature date: the user says it is the same one. */
      sameContract: boolean;
      choices: Choices;
      result?: ExchangeApplied;
      message?: string;
    };
type Ready = Extract<Item, { base64: string }>;

/** Why a kept file cannot be imported yet (null: it can). */
function pending(i: Ready): string | null {
  if (i.preview.match === 'siret' && !i.sameContract) return 'confirmez qu’il s’agit du même contrat';
  if (!allAnswered(i.preview.conflicts, i.choices)) return 'répondez à chaque conflit';
  return null;
}

function matchText(p: ExchangePreview): string {
  if (p.match === 'new') return 'Contrat absent de cette base : il sera créé.';
  if (p.match === 'siret') return `Contrat n° ${p.contract.localId} de cette base reconnu par le SIRET ${p.contract.siret} et la date de signature.`;
  return `Contrat n° ${p.contract.localId} de cette base (reconnu par son identifiant d’échange).`;
}

function FileCard({ item, index, onChange, busy }: { item: Item; index: number; onChange: (i: Item) => void; busy: boolean }) {
  const headingId = useId();
  if (item.state === 'refused') {
    return (
      <li className="exchange-file" aria-labelledby={headingId} data-testid={`exchange-file-${index}`}>
        <h3 id={headingId}>{item.name}</h3>
        <div className="error-box" role="alert">
          Fichier refusé : {item.message}
        </div>
      </li>
    );
  }
  const p = item.preview;
  const locked = busy || item.state === 'done';
  const why = item.keep && item.state === 'ready' ? pending(item) : null;
  return (
    <li className="exchange-file" aria-labelledby={headingId} data-testid={`exchange-file-${index}`}>
      <h3 id={headingId}>{item.name}</h3>
      <p>
        {p.contract.cpts} (SIRET {p.contract.siret || 'non renseigné'}), contrat signé le {frDate(p.contract.signedOn)} — fichier {p.side === 'cpam' ? 'de la CPAM' : 'de la CPTS'} du {frDate(p.createdAt)}.{' '}
        {matchText(p)}
      </p>
      <DifferenceCounts preview={p} label={`Différence : ${item.name}`} />
      {p.new === 0 && p.changed === 0 && p.conflicts.length === 0 && <p className="muted small">Rien à importer : cette base contient déjà tout ce fichier.</p>}
      {p.conflicts.length > 0 && item.state !== 'done' && (
        <ConflictChoices conflicts={p.conflicts} choices={item.choices} onChange={(choices) => onChange({ ...item, choices })} />
      )}
      {p.notices.length > 0 && (
        <ul className="muted small">
          {p.notices.map((n, k) => (
            <li key={k}>{n}</li>
          ))}
        </ul>
      )}
      {item.state !== 'done' && (
        <div>
          <label>
            <input type="checkbox" checked={item.keep} disabled={locked} onChange={(e) => onChange({ ...item, keep: e.target.checked })} /> Importer ce fichier
          </label>
          {p.match === 'siret' && (
            <label>
              {' '}
              <input type="checkbox" checked={item.sameContract} disabled={locked} onChange={(e) => onChange({ ...item, sameContract: e.target.checked })} /> C’est bien le même contrat
            </label>
          )}
          {why && <span className="muted small"> — avant l’import : {why}.</span>}
        </div>
      )}
      {item.state === 'done' && item.result && (
        <p role="status" className="exchange-done">
          Importé : {item.result.new} nouveau(x), {item.result.changed} modifié(s), {item.result.unchanged} inchangé(s)
          {item.result.match === 'new' ? ` — contrat n° ${item.result.contractId} créé` : ''}.
        </p>
      )}
      {item.state === 'failed' && (
        <div className="error-box" role="alert">
          {item.message}
        </div>
      )}
    </li>
  );
}

export function ImportMany() {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [items, setItems] = useState<Item[] | null>(null);
  const [busy, setBusy] = useState<null | 'read' | 'apply'>(null);
  const [progress, setProgress] = useState('');

  useEffect(() => {
    const d = dialog.current;
    if (items && d && !d.open) d.showModal();
  }, [items]);

  async function onFiles(ev: ChangeEvent<HTMLInputElement>) {
    const files = [...(ev.target.files ?? [])];
    ev.target.value = '';
    if (files.length === 0) return;
    setBusy('read');
    const read: Item[] = [];
    // One file after the other: each preview reads the whole file on the server.
    for (const [k, file] of files.entries()) {
      setProgress(`Lecture de ${file.name} (${k + 1}/${files.length})…`);
      try {
        const base64 = await readBase64(file);
        const preview = await call('exchange.preview', { fileBase64: base64 });
        read.push({ name: file.name, state: 'ready', base64, preview, keep: true, sameContract: false, choices: initialChoices(preview.conflicts) });
      } catch (e) {
        read.push({ name: file.name, state: 'refused', message: errorText(e) });
      }
    }
    setProgress('');
    setBusy(null);
    setItems(read);
  }

  async function importKept() {
    if (!items) return;
    setBusy('apply');
    const next = [...items];
    for (const [k, item] of next.entries()) {
      if (item.state !== 'ready' || !item.keep || pending(item) !== null) continue;
      setProgress(`Import de ${item.name}…`);
      try {
        // One call per file: its own transaction and its own copy of the base before writing.
        const result = await call('exchange.apply', { fileBase64: item.base64, digest: item.preview.digest, choices: item.choices });
        next[k] = { ...item, state: 'done', result, message: undefined };
      } catch (e) {
        next[k] = { ...item, state: 'failed', message: errorText(e) };
      }
      setItems([...next]);
    }
    setProgress('');
    setBusy(null);
    await qc.invalidateQueries();
  }

  function close() {
    dialog.current?.close();
    setItems(null);
  }

  const ready = (items ?? []).filter((i): i is Ready => i.state === 'ready' && i.keep);
  const canImport = ready.length > 0 && ready.every((i) => pending(i) === null);
  const done = (items ?? []).filter((i) => i.state === 'done').length;
  return (
    <>
      <button type="button" className="button" disabled={busy !== null} onClick={() => input.current?.click()}>
        {busy === 'read' ? 'Lecture des fichiers…' : 'Importer des fichiers d’échange'}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".aci,application/zip"
        hidden
        aria-label="Fichiers d’échange à importer"
        data-testid="exchange-files"
        onChange={(e) => void onFiles(e)}
      />
      {busy === 'read' && progress && (
        <span className="muted small" role="status">
          {progress}
        </span>
      )}
      {items && (
        <dialog ref={dialog} className="confirm-small exchange-diff" aria-labelledby={headingId} onClose={() => setItems(null)} style={{ maxWidth: '64rem', maxHeight: '90vh', overflow: 'auto' }}>
          <h2 id={headingId}>Importer des fichiers d’échange ({items.length})</h2>
          <p className="muted small">Chaque fichier retenu est importé à part : tout le fichier ou rien, après une copie de la base. Rien n’est écrit avant « Importer ».</p>
          <ol className="exchange-files">
            {items.map((item, k) => (
              <FileCard key={k} index={k} item={item} busy={busy !== null} onChange={(i) => setItems(items.map((x, j) => (j === k ? i : x)))} />
            ))}
          </ol>
          {progress && <p role="status">{progress}</p>}
          {done > 0 && busy === null && (
            <p role="status" data-testid="exchange-many-done">
              {done} fichier(s) importé(s).
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button primary" onClick={() => void importKept()} disabled={busy !== null || !canImport}>
              {busy === 'apply' ? 'Import…' : `Importer ${ready.length} fichier(s)`}
            </button>
            <button type="button" className="button" onClick={close} disabled={busy !== null}>
              {done > 0 ? 'Fermer' : 'Annuler'}
            </button>
          </div>
        </dialog>
      )}
    </>
  );
}
