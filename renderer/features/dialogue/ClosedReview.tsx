// A closed review: read-only, with the variable part it fixed for the year ("année arrêtée") and
// its dated addenda, which may carry a money adjustment (its own tranche in the échéancier).
import type { z } from 'zod';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { addendumSchema } from '../../../shared/schemas/indicators';
import { useApiMutation } from '../../api/hooks';
import { Badge, Money } from '../../components/ui';
import { FormActions, StatusMessage } from '../../components/form';
import { BoundMoneyField, BoundSelectField, BoundTextAreaField, BoundTextField, emptyAsNull, sentAs, useApiForm } from '../../components/apiForm';
import { FormMessage } from '../../components/money';
import { date, euros } from '../../i18n/format';
import { shown } from '../indicators/shared';
import { ClosingFiguresTable } from './ClosingFigures';
import { DecisionText, EarnedCell, IndicatorTable, StatusBadge, targetText } from './reviewTable';

type AddendumInput = z.input<typeof addendumSchema>;

/** What the form sends: a blank amount or mission is none, and only an annual review carries money. */
const sentFor = (money: boolean) => (v: AddendumInput): AddendumInput => ({
  ...v,
  mission: money && v.mission ? v.mission : null,
  amountCents: money && typeof v.amountCents === 'string' && v.amountCents.trim() !== '' ? v.amountCents : null,
});

function AddendumForm({ detail, today, missions }: { detail: ReviewDetail; today: string; missions: MissionCode[] }) {
  const add = useApiMutation('reviews.addendum');
  const money = detail.kind === 'annual';
  const sent = sentFor(money);
  const empty = (): AddendumInput => ({ reviewId: detail.id, addedOn: today, text: '', mission: null, amountCents: '' });
  const { form, control, errors, saved, submit } = useApiForm(sentAs(addendumSchema, sent), empty(), ['addedOn', 'text', 'mission', 'amountCents']);
  const onSubmit = submit(async (values) => {
    await add.mutateAsync(values);
    form.reset(empty());
    return values.amountCents !== null && values.amountCents !== undefined
      ? 'Addendum ajouté : l’ajustement apparaît comme une échéance à part dans l’échéancier.'
      : 'Addendum ajouté.';
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label="Ajouter un addendum">
      <div className="annex-form-title">Ajouter un addendum</div>
      <div className="grid-3">
        <BoundTextField control={control} name="addedOn" label="Date de l’addendum" id="add-date" type="date" />
        {money && (
          <>
            <BoundMoneyField
              control={control}
              name="amountCents"
              label="Ajustement de montant (facultatif)"
              id="add-amount"
              hint="Positif : complément à verser ; négatif (ex. -500,00) : somme à reprendre."
            />
            <BoundSelectField control={control} name="mission" label="Mission concernée" id="add-mission" parse={emptyAsNull}>
              <option value="">— toutes / aucune —</option>
              {missions.map((m) => (
                <option key={m} value={m}>
                  {MISSION_LABELS[m]}
                </option>
              ))}
            </BoundSelectField>
          </>
        )}
      </div>
      <BoundTextAreaField
        control={control}
        name="text"
        label="Texte de l’addendum"
        id="add-text"
        hint="Correction ou précision apportée après la clôture ; le texte d’origine reste inchangé."
        rows={3}
      />
      <FormMessage errors={errors} refused="L’addendum n’a pas été ajouté" />
      <StatusMessage message={saved} className="ok-text small" />
      <FormActions busy={add.isPending} busyLabel="Ajout…" submit="Ajouter l’addendum" />
    </form>
  );
}

export function ClosedReview({ contract, detail, today }: { contract: ContractDetail; detail: ReviewDetail; today: string }) {
  return (
    <div className="review-closed">
      <div className="info-box">
        Ce dialogue est clos : il ne se modifie plus. Une correction ou une précision s’ajoute en addendum daté, en bas de page
        {detail.kind === 'annual' ? ' ; un addendum peut porter un ajustement de montant, versé ou repris comme une échéance à part.' : '.'}
      </div>
      {detail.closedFigures && (
        <section className="panel" aria-labelledby="rv-arrete">
          <h2 id="rv-arrete">
            Part variable de l’année {detail.year} arrêtée <Badge tone="ok">Année arrêtée</Badge>
          </h2>
          <p>
            Montant retenu : <Money cents={detail.closedFigures.retainedCents} strong /> sur un maximum de {euros(detail.closedFigures.maxCents)} (au prorata de chaque mission).
            C’est le montant de l’échéancier, du classeur et du compte rendu ; il ne change plus.
            {detail.closedFigures.fromMigration && ' Enregistré lors de la mise à jour de l’application, à partir des données telles qu’elles étaient.'}
          </p>
          <ClosingFiguresTable figures={detail.closedFigures} caption={`Part variable arrêtée, année ${detail.year}`} />
        </section>
      )}
      <section className="panel" aria-labelledby="rv-seance">
        <h2 id="rv-seance">Séance</h2>
        <dl className="facts">
          <div>
            <dt>Date</dt>
            <dd>{date(detail.heldOn)}</dd>
          </div>
          <div>
            <dt>Lieu</dt>
            <dd>{detail.place || <span className="muted">non renseigné</span>}</dd>
          </div>
          <div className="fact-wide">
            <dt>Ordre du jour</dt>
            <dd className="pre">{detail.agenda || <span className="muted">—</span>}</dd>
          </div>
          <div className="fact-wide">
            <dt>Synthèse des échanges</dt>
            <dd className="pre">{detail.summary || <span className="muted">—</span>}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="rv-participants">
        <h2 id="rv-participants">Participants</h2>
        <table className="table compact" aria-label="Participants">
          <thead>
            <tr>
              <th>Nom</th>
              <th>Organisation</th>
              <th>Fonction</th>
            </tr>
          </thead>
          <tbody>
            {detail.participants.map((p, i) => (
              <tr key={i}>
                <td>{p.name}</td>
                <td>
                  <Badge tone={p.organisation === 'CPTS' ? 'info' : 'neutral'}>{p.organisation}</Badge>
                </td>
                <td>{p.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="rv-indicateurs">
        <h2 id="rv-indicateurs">Indicateurs de l’année {detail.year}</h2>
        {detail.indicators.length === 0 ? (
          <p className="muted">Aucun indicateur.</p>
        ) : (
          <IndicatorTable
            rows={detail.indicators}
            editable={false}
            line={(row) => (
              <tr key={row.indicatorId}>
                <th scope="row">{row.label}</th>
                <td className="num">{targetText(row)}</td>
                <td className="num">{shown(row.measured, row.unit)}</td>
                <td className="num">{shown(row.presented, row.unit)}</td>
                <td className="num strong-num">{shown(row.validated, row.unit)}</td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>{row.comment}</td>
                <td className="num">{row.evidenceCount}</td>
                <EarnedCell row={row} />
              </tr>
            )}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="rv-decisions">
        <h2 id="rv-decisions">Décisions</h2>
        {detail.decisions.length === 0 ? (
          <p className="muted">Aucune décision.</p>
        ) : (
          <ol className="decisions" aria-label="Décisions">
            {detail.decisions.map((d, i) => (
              <DecisionText key={i} d={d} detail={detail} contract={contract} />
            ))}
          </ol>
        )}
      </section>
      <section className="panel" aria-labelledby="rv-addenda">
        <h2 id="rv-addenda">Addenda</h2>
        {detail.addenda.length === 0 ? (
          <p className="muted">Aucun addendum.</p>
        ) : (
          <ol className="addenda" aria-label="Addenda">
            {detail.addenda.map((a, i) => (
              <li key={i}>
                <div className="addendum-date">
                  Addendum du {date(a.addedOn)} <span className="muted small">(enregistré le {date(a.recordedAt.slice(0, 10))})</span>
                </div>
                <div className="pre">{a.text}</div>
                {a.amountCents !== null && (
                  <div>
                    Ajustement {a.amountCents < 0 ? 'à reprendre' : 'à verser'} : <Money cents={a.amountCents} strong />
                    {a.mission && <> — {MISSION_LABELS[a.mission]}</>} (échéance du {date(a.addedOn)})
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
        <AddendumForm detail={detail} today={today} missions={contract.missions.map((m) => m.code)} />
      </section>
    </div>
  );
}

