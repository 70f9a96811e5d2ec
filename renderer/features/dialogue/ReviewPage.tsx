// One dialogue de gestion. A draft is edited (séance, participants, indicator by indicator,
// decisions) in a form of the API's own schema (useApiForm: a refusal, the form's or the API's,
// lands on the field it names and takes the focus), saved with 'reviews.update' and closed with
// 'reviews.close'; a closed review is read-only and corrected only by dated addenda.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useWatch, type Path } from 'react-hook-form';
import { ClosedReview } from './ClosedReview';
import { ConfirmClose } from './ConfirmClose';
import { Decisions, IndicatorLines, ListError, Participants, rvId } from './DraftSections';
import { DRAFT_FIELDS, draftSchema, fromDetail, takePresented, toSent, type DraftForm } from './draftForm';
import { ReviewExportButtons } from '../reports/ReviewExportButtons';
import { Link, useParams } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, Loading } from '../../components/ui';
import { focusSoon, StatusMessage, SubmitButton } from '../../components/form';
import { BoundTextAreaField, BoundTextField, useApiForm } from '../../components/apiForm';
import { formErrors } from '../../components/money';
import { date } from '../../i18n/format';
import { valueToText } from '../indicators/shared';

const NOT_SAVED = 'Le dialogue n’a pas été enregistré';
const NOT_CLOSED = 'Le dialogue n’a pas été clos';

function DraftReview({ contract, detail }: { contract: ContractDetail; detail: ReviewDetail }) {
  const update = useApiMutation('reviews.update');
  const close = useApiMutation('reviews.close');
  const schema = useMemo(() => draftSchema(detail), [detail]);
  const [base, setBase] = useState<DraftForm>(() => fromDetail(detail));
  const { form, control, errors, saved, setSaved, submit } = useApiForm(schema, base, DRAFT_FIELDS);
  // A refusal met while closing (the save before it, or the closing itself), with its own words.
  const [closing, setClosing] = useState<{ refused: string; message: string | null } | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Focus after a refused closing goes, like after a refused save, to the first invalid field or the message.
  const formRef = useRef<HTMLFormElement>(null);
  const [closeRefusals, setCloseRefusals] = useState(0);
  useEffect(() => {
    if (closeRefusals > 0) return focusSoon(formRef.current, 'refused', []);
  }, [closeRefusals]);
  const values = useWatch({ control }) as DraftForm;
  const dirty = JSON.stringify(values) !== JSON.stringify(base);

  /** Sends what was typed (the API parses each measure itself) and shows the saved review. */
  const write = async (input: DraftForm) => {
    const next = fromDetail(await update.mutateAsync(toSent(detail.id, detail, input)));
    form.reset(next);
    setBase(next);
  };

  const save = submit(async (_values, input) => {
    await write(input);
    return 'Dialogue enregistré.';
  });
  const onSubmit = (e: FormEvent) => {
    setClosing(null);
    save(e);
  };

  /** An API refusal: on the field it names when the form shows it, else in the message. */
  const refuse = (refused: string, error: unknown) => {
    const r = formErrors(error);
    const unshown: string[] = [];
    for (const [key, text] of Object.entries(r.fields)) {
      if ((DRAFT_FIELDS as readonly string[]).includes(key.split('.')[0])) form.setError(key as Path<DraftForm>, { type: 'server', message: text });
      else unshown.push(text);
    }
    setClosing({ refused, message: unshown[0] ?? r.message });
    setCloseRefusals((n) => n + 1);
  };

  const onClose = async () => {
    setConfirming(false);
    setSaved(null);
    setClosing({ refused: NOT_SAVED, message: null });
    form.clearErrors();
    if (dirty) {
      let ok = false;
      // The changes typed are saved first, checked by the schema like « Enregistrer ».
      await form.handleSubmit(async () => {
        try {
          await write(form.getValues());
          ok = true;
        } catch (error) {
          refuse(NOT_SAVED, error);
        }
      })();
      if (!ok) return;
    }
    try {
      await close.mutateAsync({ reviewId: detail.id });
      setClosing(null);
    } catch (error) {
      refuse(NOT_CLOSED, error);
    }
  };

  const setLines = (lines: DraftForm['indicators']) => lines.forEach((l, i) => form.setValue(`indicators.${i}`, l, { shouldDirty: true }));
  const pendingValidation = detail.indicators.filter((i) => i.validated === null || i.status === null).length;
  const refused = closing?.refused ?? NOT_SAVED;
  const topMessage = closing ? (closing.message ?? Object.values(errors.fields)[0] ?? null) : errors.message;

  return (
    <form ref={formRef} className="form review-form" onSubmit={onSubmit} noValidate aria-label={`${REVIEW_KIND_LABELS[detail.kind]}, année ${detail.year}`}>
      <section className="panel" aria-labelledby="rv-seance">
        <h2 id="rv-seance">Séance</h2>
        <div className="grid-3">
          <BoundTextField control={control} name="heldOn" label="Date du dialogue" id={rvId('heldOn')} type="date" />
          <BoundTextField control={control} name="place" label="Lieu" id={rvId('place')} />
        </div>
        <BoundTextAreaField control={control} name="agenda" label="Ordre du jour" id={rvId('agenda')} rows={2} />
        <BoundTextAreaField control={control} name="summary" label="Synthèse des échanges" id={rvId('summary')} rows={3} />
      </section>

      <section className="panel" aria-labelledby="rv-participants">
        <h2 id="rv-participants">Participants</h2>
        <ListError errors={form.formState.errors} name="participants" />
        <Participants control={control} />
      </section>

      <section className="panel" aria-labelledby="rv-indicateurs">
        <div className="section-head">
          <h2 id="rv-indicateurs">Indicateurs de l’année {detail.year}</h2>
          {detail.indicators.length > 0 && (
            <button
              type="button"
              className="button small"
              onClick={() => setLines(form.getValues('indicators').map((l, i) => (l.presented.trim() === '' ? { ...l, presented: valueToText(detail.indicators[i].measured, detail.indicators[i].unit) } : l)))}
            >
              Reprendre les valeurs mesurées comme valeurs présentées
            </button>
          )}
          {detail.indicators.length > 0 && (
            <button type="button" className="button small" onClick={() => setLines(takePresented(detail, form.getValues('indicators')))}>
              Reprendre les valeurs présentées comme validées (statuts suggérés)
            </button>
          )}
        </div>
        <ListError errors={form.formState.errors} name="indicators" />
        {detail.kind === 'annual' && pendingValidation > 0 && (
          <p className="hint">
            Dialogue annuel : chaque indicateur doit avoir une valeur validée et un statut pour clore ({pendingValidation} restant{pendingValidation > 1 ? 's' : ''}).
          </p>
        )}
        <IndicatorLines control={control} contract={contract} detail={detail} />
      </section>

      <section className="panel" aria-labelledby="rv-decisions">
        <h2 id="rv-decisions">Décisions</h2>
        <Decisions control={control} contract={contract} detail={detail} />
      </section>

      <div className="review-footer">
        {topMessage && (
          <div className="error-box form-error" role="alert">
            {refused} : {topMessage}
          </div>
        )}
        <StatusMessage message={dirty ? null : saved} className="ok-text" />
        <div className="form-actions">
          <SubmitButton busy={update.isPending} disabled={update.isPending || close.isPending}>
            Enregistrer
          </SubmitButton>
          <button type="button" className="button danger-soft" disabled={update.isPending || close.isPending} onClick={() => setConfirming(true)}>
            Clore le dialogue…
          </button>
          {dirty && <span className="muted small">Modifications non enregistrées</span>}
        </div>
      </div>
      {confirming && (
        <ConfirmClose
          detail={detail}
          dirty={dirty}
          revisions={values.decisions.filter((x) => x.kind === 'target_revision').length}
          pending={values.indicators.filter((l) => l.validated.trim() === '' || l.status === '').length}
          busy={close.isPending}
          onConfirm={() => void onClose()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </form>
  );
}

export function ReviewPage({ contract }: { contract: ContractDetail }) {
  const reviewId = Number(useParams().reviewId);
  const info = useApi('app.info', {});
  const q = useApi('reviews.get', { reviewId }, Number.isInteger(reviewId) && reviewId > 0);
  if (q.isLoading || !info.data) return <Loading what="Chargement du dialogue" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Dialogue introuvable.')} />;
  const d = q.data;
  if (d.contractId !== contract.id) return <ErrorBox error={new Error('Ce dialogue appartient à un autre contrat.')} />;
  return (
    <div className="review-page">
      <Link to={`/contrats/${contract.id}/dialogues`} className="back-link">
        ← Tous les dialogues
      </Link>
      <header className="review-head">
        <div>
          <h2 className="review-title">
            {REVIEW_KIND_LABELS[d.kind]} — année {d.year}{' '}
            {d.status === 'closed' ? <Badge tone="ok">Clos le {date(d.closedAt?.slice(0, 10))}</Badge> : <Badge tone="info">Brouillon</Badge>}
          </h2>
          <p className="subtitle">
            {d.cpts} · dialogue du {date(d.heldOn)}
            {d.place && ` · ${d.place}`}
          </p>
        </div>
        <ReviewExportButtons contractId={contract.id} reviewId={d.id} status={d.status} />
      </header>
      {d.status === 'closed' ? <ClosedReview contract={contract} detail={d} today={info.data.today} /> : <DraftReview key={d.id} contract={contract} detail={d} />}
    </div>
  );
}
