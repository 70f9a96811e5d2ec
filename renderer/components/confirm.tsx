// A modal confirmation: what will happen, then "confirm" or "Annuler" (Échap cancels too).
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm-small" aria-labelledby={headingId} onClose={onCancel}>
      <h2 id={headingId}>{title}</h2>
      {children}
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          Annuler
        </button>
      </div>
    </dialog>
  );
}
