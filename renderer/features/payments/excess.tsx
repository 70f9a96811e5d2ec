// A payment (or a correction) above what its tranches owe is refused by the API unless confirmed
// (`allowExcess`): the form then asks, and sends it again only on an explicit confirmation, so a
// trop-perçu is never recorded by mistake.
import { useRef, useState, type FormEvent } from 'react';
import { ApiFailure } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm';

/** The message of a refusal that a confirmed trop-perçu would lift (the API names the `allowExcess` field), or null. */
function excessRefusal(e: unknown): string | null {
  return e instanceof ApiFailure && typeof e.fields.allowExcess === 'string' ? e.fields.allowExcess : null;
}

/**
 * The confirmation of a trop-perçu for one form: `guard(onSubmit)` wraps the form's onSubmit,
 * `attempt(send)` inside its write runs `send(allowExcess)` — true only for the submit that the
 * dialog's confirmation started — and, when the API refuses an unconfirmed excess, opens the
 * dialog and answers null (nothing was recorded). `dialog` is the dialog to render.
 */
export function useExcessConfirm(busy: boolean) {
  const [message, setMessage] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Set by the dialog just before it submits the form again; read (and cleared) by that submit only.
  const confirmed = useRef(false);
  const allowed = useRef(false);

  const guard = (onSubmit: (e: FormEvent) => void) => (e: FormEvent) => {
    allowed.current = confirmed.current;
    confirmed.current = false;
    onSubmit(e);
  };

  const attempt = async <T,>(send: (allowExcess: boolean) => Promise<T>): Promise<T | null> => {
    const allowExcess = allowed.current;
    allowed.current = false;
    setMessage(null);
    try {
      return await send(allowExcess);
    } catch (e) {
      const refusal = allowExcess ? null : excessRefusal(e);
      if (refusal === null) throw e;
      setMessage(refusal);
      return null;
    }
  };

  const confirm = () => {
    confirmed.current = true;
    formRef.current?.requestSubmit();
  };

  const dialog = message !== null && <ExcessConfirm message={message} busy={busy} onConfirm={confirm} onCancel={() => setMessage(null)} />;
  return { formRef, guard, attempt, dialog };
}

function ExcessConfirm({ message, busy, onConfirm, onCancel }: { message: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title="Enregistrer un trop-perçu ?"
      confirmLabel="Enregistrer avec le trop-perçu"
      busyLabel="Enregistrement…"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{message}</p>
      <p className="muted small">
        Le montant au-delà de ce qui reste dû sera affecté à la dernière échéance concernée et affiché comme trop-perçu ; il pourra être repris par une
        correction du versement.
      </p>
    </ConfirmDialog>
  );
}
