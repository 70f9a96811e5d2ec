// The exchange file on the contract page (issue 12): "Préparer l'envoi à la CPAM / à la CPTS"
// writes the file (downloaded; named after the CPTS, the contract year and the date), and
// "Importer un fichier d'échange" shows the difference — new, changed, unchanged, every conflict
// with both versions and its own answer (keep this base's version or take the file's) — and writes
// only on "Confirmer". The conflict list with its answers is shared with the portfolio's import of
// several files (ImportMany.tsx).
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ContractDetail } from '../../../shared/api';
import type { ExchangeConflict, Resolution } from '../../../shared/exchange/diff';
import type { ExchangePreview } from '../../../shared/exchange/types';
import { call, errorText } from '../../api/client';
import { DifferenceCounts } from './DifferenceCounts';
import { downloadBase64, readBase64 } from '../../components/files';


function show(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'vide';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export type Choices = Record<string, Resolution>;

/** The answers known before the user says anything: a conflict whose file version cannot be taken keeps this base's. */
export function initialChoices(conflicts: readonly ExchangeConflict[]): Choices {
  return Object.fromEntries(conflicts.filter((c) => c.blocking && !c.canTakeTheirs).map((c) => [c.id, 'mine' as const]));
}

/** Whether every blocking conflict has its answer. */
export function allAnswered(conflicts: readonly ExchangeConflict[], choices: Choices): boolean {
  return conflicts.every((c) => !c.blocking || choices[c.id] !== undefined);
}

/** A conflict with both versions, field by field (differences marked), and its answer. */
function ConflictView({ c, choice, onChoose, group }: { c: ExchangeConflict; choice: Resolution | undefined; onChoose: (r: Resolution) => void; group: string }) {
  const keys = [...new Set([...Object.keys(c.mine ?? {}), ...Object.keys(c.theirs ?? {})])].filter((k) => k !== 'uuid' && !k.endsWith('_uuid'));
  return (
    <li className="exchange-conflict">
      <strong>{c.label}</strong> <span className="muted small">({c.tableLabel})</span>
      <div>{c.reason}</div>
      {c.dependents > 0 && <div className="muted small">{c.dependents} ligne(s) du fichier en dépendent et suivent ce choix.</div>}
      <table className="table small">
        <thead>
          <tr>
            <th scope="col">Champ</th>
            <th scope="col">Ici</th>
            <th scope="col">Dans le fichier</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const a = c.mine ? c.mine[k] : undefined;
            const b = c.theirs ? c.theirs[k] : undefined;
            const differs = JSON.stringify(a) !== JSON.stringify(b);
            return (
              <tr key={k} className={differs ? 'exchange-differs' : undefined}>
                <th scope="row">{k}</th>
                <td>{c.mine ? show(a) : '—'}</td>
                <td>{c.theirs ? show(b) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {c.blocking && (
        <fieldset className="exchange-choice" aria-label={`Réponse : ${c.label}`}>
          <label>
            <input type="radio" name={`${group}-${c.id}`} checked={choice === 'mine'} onChange={() => onChoose('mine')} /> Garder la version de cette base
          </label>{' '}
          <label>
            <input type="radio" name={`${group}-${c.id}`} checked={choice === 'theirs'} disabled={!c.canTakeTheirs} onChange={() => onChoose('theirs')} /> Prendre la version du fichier
            {!c.canTakeTheirs && <span className="muted small"> (impossible ici : la version de cette base est gardée)</span>}
          </label>
        </fieldset>
      )}
    </li>
  );
}

/** Every conflict with its own answer, and the two shortcuts (keep all, take all that can be taken). */
export function ConflictChoices({ conflicts, choices, onChange }: { conflicts: readonly ExchangeConflict[]; choices: Choices; onChange: (c: Choices) => void }) {
  const group = useId();
  const blocking = conflicts.filter((c) => c.blocking);
  const all = (r: Resolution) => onChange({ ...choices, ...Object.fromEntries(blocking.map((c) => [c.id, r === 'theirs' && c.canTakeTheirs ? 'theirs' : 'mine'])) });
  const left = blocking.filter((c) => choices[c.id] === undefined).length;
  return (
    <>
      <ul className="exchange-conflicts">
        {conflicts.map((c) => (
          <ConflictView key={c.id} c={c} group={group} choice={choices[c.id]} onChoose={(r) => onChange({ ...choices, [c.id]: r })} />
        ))}
      </ul>
      {blocking.length > 1 && (
        <div className="form-actions">
          <button type="button" className="button small" onClick={() => all('mine')}>
            Tout garder tel qu’ici
          </button>
          <button type="button" className="button small" onClick={() => all('theirs')}>
            Tout prendre du fichier (quand c’est permis)
          </button>
        </div>
      )}
      {left > 0 && (
        <p className="muted small" role="status">
          {left} conflit(s) sans réponse.
        </p>
      )}
    </>
  );
}

function DiffDialog({
  preview,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  preview: ExchangePreview;
  busy: boolean;
  error: string | null;
  onConfirm: (choices: Choices) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [choices, setChoices] = useState<Choices>(() => initialChoices(preview.conflicts));
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const from = preview.side === 'cpam' ? 'la CPAM' : 'la CPTS';
  const match =
    preview.match === 'new'
      ? 'Ce contrat n’existe pas encore ici : il sera créé.'
      : preview.match === 'siret'
        ? `Contrat reconnu par le SIRET (${preview.contract.siret}) et la date de signature : vérifiez qu’il s’agit bien du même contrat.`
        : 'Contrat reconnu par son identifiant d’échange.';
  const nothing = preview.new === 0 && preview.changed === 0 && preview.conflicts.length === 0;
  return (
    <dialog ref={ref} className="confirm-small exchange-diff" aria-labelledby={headingId} onClose={onCancel} style={{ maxWidth: '60rem', maxHeight: '90vh', overflow: 'auto' }}>
      <h2 id={headingId}>Fichier d’échange de {from} : différence avec vos données</h2>
      <p>
        {preview.contract.cpts}, contrat signé le {preview.contract.signedOn.split('-').reverse().join('/')} — fichier du {preview.createdAt.slice(0, 10).split('-').reverse().join('/')}. {match}
      </p>
      <DifferenceCounts preview={preview} label="Différence" />
      {nothing && <p role="status">Rien à importer : vos données contiennent déjà tout ce fichier.</p>}
      {preview.conflicts.length > 0 && (
        <>
          <h3>Conflits</h3>
          <ConflictChoices conflicts={preview.conflicts} choices={choices} onChange={setChoices} />
        </>
      )}
      {preview.notices.length > 0 && (
        <>
          <h3>À savoir</h3>
          <ul>
            {preview.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted small">Une copie de la base est faite avant l’import ; tout est écrit, ou rien.</p>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => onConfirm(choices)} disabled={busy || !allAnswered(preview.conflicts, choices)}>
          {busy ? 'Import…' : 'Confirmer'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Annuler
        </button>
      </div>
    </dialog>
  );
}

export function ExchangeActions({ contract }: { contract: ContractDetail }) {
  const qc = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<null | 'export' | 'preview' | 'apply'>(null);
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);
  const [chosen, setChosen] = useState<{ base64: string; preview: ExchangePreview } | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);

  async function exportFor(side: 'cpts' | 'cpam') {
    setBusy('export');
    setMessage(null);
    try {
      const file = await call('exchange.export', { contractId: contract.id, side });
      downloadBase64(file.fileName, file.mimeType, file.base64);
      setMessage({ kind: 'status', text: `Fichier d’échange préparé : ${file.fileName}.` });
    } catch (e) {
      setMessage({ kind: 'alert', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  async function onFile(ev: ChangeEvent<HTMLInputElement>) {
    const file = ev.target.files?.[0];
    ev.target.value = '';
    if (!file) return;
    setBusy('preview');
    setMessage(null);
    try {
      const base64 = await readBase64(file);
      const preview = await call('exchange.preview', { fileBase64: base64, contractId: contract.id });
      setApplyError(null);
      setChosen({ base64, preview });
    } catch (e) {
      setMessage({ kind: 'alert', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  async function confirm(choices: Choices) {
    if (!chosen) return;
    setBusy('apply');
    try {
      const r = await call('exchange.apply', { fileBase64: chosen.base64, contractId: contract.id, digest: chosen.preview.digest, choices });
      setChosen(null);
      setMessage({ kind: 'status', text: `Import fait : ${r.new} nouveau(x), ${r.changed} modifié(s), ${r.unchanged} inchangé(s).` });
      await qc.invalidateQueries();
    } catch (e) {
      setApplyError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <button type="button" className="button" disabled={busy !== null} onClick={() => void exportFor('cpts')}>
        Préparer l’envoi à la CPAM
      </button>
      <button type="button" className="button" disabled={busy !== null} onClick={() => void exportFor('cpam')}>
        Préparer l’envoi à la CPTS
      </button>
      <button type="button" className="button" disabled={busy !== null} onClick={() => fileInput.current?.click()}>
        {busy === 'preview' ? 'Lecture du fichier…' : 'Importer un fichier d’échange'}
      </button>
      <input ref={fileInput} type="file" accept=".aci,application/zip" hidden aria-label="Fichier d’échange à importer" data-testid="exchange-file" onChange={(e) => void onFile(e)} />
      {message && (
        <div className={message.kind === 'alert' ? 'error-box' : 'muted small'} role={message.kind}>
          {message.text}
        </div>
      )}
      {chosen && <DiffDialog preview={chosen.preview} busy={busy === 'apply'} error={applyError} onConfirm={(r) => void confirm(r)} onCancel={() => setChosen(null)} />}
    </>
  );
}
