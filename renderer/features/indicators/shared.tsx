// Pieces shared by the Indicateurs tab and the dialogue de gestion screens: labels, value
// formatting for inputs, evidence (pièces justificatives) lists, upload zone and download.
import { downloadBase64, readBase64 } from '../../components/files';
import { useId, useRef, useState, type DragEvent } from 'react';
import { formatValue, type Direction, type IndicatorKind, type IndicatorUnit } from '../../../shared/domain/indicators';
import { MAX_EVIDENCE_BYTES } from '../../../shared/schemas/indicators';
import type { EvidenceRow } from '../../../shared/indicatorViews';
import { ApiFailure, call } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { date } from '../../i18n/format';
import './indicators.css';

export const KIND_LABELS: Record<IndicatorKind, string> = { action: 'Action', result: 'Résultat' };
export const SOURCE_LABELS: Record<'cpam' | 'cpts', string> = { cpam: 'Données CPAM', cpts: 'Déclaration CPTS' };
export const DIRECTION_LABELS: Record<Direction, string> = { higher: 'Plus haut est mieux', lower: 'Plus bas est mieux' };
export const UNIT_HINTS: Record<IndicatorUnit, string> = {
  count: 'Nombre entier, ex. 12',
  percentage: 'Pourcentage, ex. 66,26',
  yesno: 'oui ou non',
};

/** A value in hundredths as the text a person would type back ("66,26", "12", "oui"). */
export function valueToText(v: number | null | undefined, unit: IndicatorUnit): string {
  if (v == null) return '';
  if (unit === 'yesno') return v >= 100 ? 'oui' : 'non';
  return String(v / 100).replace('.', ',');
}

/** Formatted value, or a dash. */
export const shown = (v: number | null | undefined, unit: IndicatorUnit): string => formatValue(v ?? null, unit);

const KILO = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const MEGA = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${KILO.format(bytes / 1024)} Ko`;
  return `${MEGA.format(bytes / (1024 * 1024))} Mo`;
}

/**
 * Opens a stored evidence file: in Electron with the system's application (main opens its copy
 * in the data folder); in browser mode the browser downloads it.
 */
export async function openEvidence(id: number): Promise<void> {
  if (window.api?.openEvidence) {
    const res = await window.api.openEvidence(id);
    if (!res.ok) throw new ApiFailure(res.error.message, res.error.fields);
    return;
  }
  const e = await call('evidence.get', { id });
  downloadBase64(e.fileName, e.mimeType, e.base64);
}

export function EvidenceList({ items, label }: { items: EvidenceRow[]; label: string }) {
  const [error, setError] = useState<string | null>(null);
  if (items.length === 0) return <p className="muted small evidence-none">Aucune pièce.</p>;
  return (
    <>
      <ul className="evidence-list" aria-label={`Pièces : ${label}`}>
        {items.map((e) => (
          <li key={e.id}>
            <span className="evidence-icon" aria-hidden="true">
              ▤
            </span>
            <button
              type="button"
              className="link-button evidence-open"
              title={`Ouvrir ${e.fileName} (empreinte SHA-256 ${e.sha256.slice(0, 12)}…)`}
              onClick={() => {
                setError(null);
                openEvidence(e.id).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
              }}
            >
              {e.fileName}
            </button>
            <span className="muted small">
              {fileSize(e.size)} · ajoutée le {date(e.addedAt.slice(0, 10))}
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/** A drop zone and a file input: each file is read and sent with 'evidence.add'. */
export function EvidenceDrop({
  contractId,
  target,
  label,
  compact = false,
}: {
  contractId: number;
  target: { livrableId: number } | { indicatorId: number };
  label: string;
  compact?: boolean;
}) {
  const add = useApiMutation('evidence.add');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (files: FileList | File[]) => {
    const list = Array.from(files);
    if (list.length === 0) return;
    setStatus(null);
    const done: string[] = [];
    for (const f of list) {
      if (f.size > MAX_EVIDENCE_BYTES) {
        setStatus({ ok: false, text: `« ${f.name} » n’a pas été ajoutée : fichier trop volumineux (20 Mo au plus).` });
        return;
      }
      try {
        const contentBase64 = await readBase64(f);
        await add.mutateAsync({
          contractId,
          livrableId: 'livrableId' in target ? target.livrableId : null,
          indicatorId: 'indicatorId' in target ? target.indicatorId : null,
          fileName: f.name,
          contentBase64,
        });
        done.push(f.name);
      } catch (err) {
        setStatus({ ok: false, text: `« ${f.name} » n’a pas été ajoutée : ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
    }
    setStatus({ ok: true, text: done.length === 1 ? `Pièce « ${done[0]} » ajoutée.` : `${done.length} pièces ajoutées.` });
    if (input.current) input.current.value = '';
  };

  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files);
  };

  return (
    <div className="evidence-drop-wrap">
      <label
        htmlFor={id}
        className={`evidence-drop${over ? ' is-over' : ''}${add.isPending ? ' is-busy' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          ref={input}
          id={id}
          type="file"
          multiple
          className="visually-hidden"
          aria-label={`Ajouter une pièce : ${label}`}
          onChange={(e) => {
            if (e.target.files) void send(e.target.files);
          }}
        />
        <span aria-hidden="true" className="evidence-drop-icon">
          ⇪
        </span>{' '}
        {add.isPending ? 'Envoi…' : compact ? 'Déposer ou choisir un fichier' : 'Déposez un fichier ici ou cliquez pour choisir'}
      </label>
      {status && (
        <div className={status.ok ? 'ok-text small' : 'field-error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </div>
      )}
    </div>
  );
}
