// Small shared UI pieces.
import type { ReactNode } from 'react';
import { euros } from '../i18n/format';

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'ok' | 'warn' | 'late' | 'info'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function SizeBand({ band }: { band: number }) {
  return <Badge tone="info" title={`Taille ${band} (selon la population couverte)`}>Taille {band}</Badge>;
}

export function Money({ cents, strong }: { cents: number | null | undefined; strong?: boolean }) {
  const text = euros(cents);
  return <span className={`money${strong ? ' strong' : ''}${cents != null && cents < 0 ? ' negative' : ''}`}>{text}</span>;
}

/** A column header read by screen readers only (a column of buttons). */
export function HiddenHeader({ children }: { children: ReactNode }) {
  return (
    <th>
      <span className="visually-hidden">{children}</span>
    </th>
  );
}

/** A figure in a card: its label, its value, then what qualifies it (children); `tone` marks it late or to check. */
export function StatCard({ label, value, tone, testId, children }: { label: ReactNode; value: ReactNode; tone?: 'late' | 'warn'; testId?: string; children?: ReactNode }) {
  return (
    <div className={`card stat${tone ? ` stat-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {children}
    </div>
  );
}

export function Loading({ what = 'Chargement' }: { what?: string }) {
  return <p className="muted" role="status">{what}…</p>;
}

export function ErrorBox({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert">
      {error.message}
    </div>
  );
}

export function Field({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      {children}
      {hint && !error && <div className="hint">{hint}</div>}
      <FieldError id={name} text={error} />
    </div>
  );
}

/** A field's error message, announced; `${id}-error` is what its control's aria-describedby names. */
export function FieldError({ id, text }: { id?: string; text?: string }) {
  if (!text) return null;
  return (
    <div className="field-error" id={id ? `${id}-error` : undefined} role="alert">
      {text}
    </div>
  );
}
