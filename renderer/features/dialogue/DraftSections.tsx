// The lists of a draft review's form (participants, one line per indicator, decisions), each
// field bound to react-hook-form under the path the API names in a refusal
// (« participants.1.name », « indicators.3.validated », « decisions.0.newTarget »).
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { get, useController, useFieldArray, useWatch, type Control, type FieldErrors, type Path } from 'react-hook-form';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS } from '../../../shared/domain/missions';
import { UNIT_LABELS } from '../../../shared/domain/indicators';
import { DECISION_KINDS, DECISION_KIND_LABELS, REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '../../../shared/schemas/indicators';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { Badge, FieldError, HiddenHeader } from '../../components/ui';
import { YesNoOptions } from '../../components/form';
import { BoundMoneyField, BoundSelectField, BoundTextAreaField, BoundTextField, messageOf } from '../../components/apiForm';
import { invalidProps } from '../../components/money';
import { date } from '../../i18n/format';
import { UNIT_HINTS, shown } from '../indicators/shared';
import { EarnedCell, IndicatorTable, groupByMission, targetText } from './reviewTable';
import { ORGANISATIONS, newDecision, newParticipant, type DraftForm, type DraftOut } from './draftForm';

type DraftControl = Control<DraftForm, unknown, DraftOut>;
export const rvId = (k: string) => `rv-${k}`;

/** A list's own message (« participants » on closing), not one of its items'. */
export function ListError({ errors, name }: { errors: FieldErrors<DraftForm>; name: 'participants' | 'indicators' }) {
  const own: unknown = get(errors, name);
  const text = own && typeof own === 'object' && 'message' in own && typeof own.message === 'string' ? own.message : undefined;
  return <FieldError id={rvId(name)} text={text} />;
}

/** An input or a select of a table cell, labelled by aria-label, its message under it. */
function Cell({ control, name, id, label, select, className, children }: { control: DraftControl; name: Path<DraftForm>; id: string; label: string; select?: boolean; className?: string; children?: ReactNode }) {
  const { field, fieldState } = useController({ control, name });
  const error = messageOf(fieldState.error);
  const common = { id, 'aria-label': label, name: field.name, ref: field.ref, onBlur: field.onBlur, ...invalidProps(id, error) };
  const value = typeof field.value === 'string' ? field.value : '';
  return (
    <>
      {select ? (
        <select {...common} value={value} onChange={(e) => field.onChange(e.target.value)}>
          {children}
        </select>
      ) : (
        <input {...common} className={className} inputMode={className === 'input-value' ? 'decimal' : undefined} value={value} onChange={(e) => field.onChange(e.target.value)} />
      )}
      <FieldError id={id} text={error} />
    </>
  );
}

export function Participants({ control }: { control: DraftControl }) {
  const { fields, append, remove } = useFieldArray({ control, name: 'participants' });
  return (
    <>
      {fields.length === 0 ? (
        <p className="muted">Aucun participant : ajoutez au moins les représentants de la CPTS, de la CPAM et de l’ARS.</p>
      ) : (
        <table className="table compact participants-table" aria-label="Participants">
          <thead>
            <tr>
              <th>Nom</th>
              <th>Organisation</th>
              <th>Fonction</th>
              <HiddenHeader>Retirer</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {fields.map((p, i) => (
              <tr key={p.id}>
                <td>
                  <Cell control={control} name={`participants.${i}.name`} id={rvId(`p${i}-name`)} label={`Nom du participant ${i + 1}`} />
                </td>
                <td>
                  <Cell control={control} name={`participants.${i}.organisation`} id={rvId(`p${i}-organisation`)} label={`Organisation du participant ${i + 1}`} select>
                    {ORGANISATIONS.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </Cell>
                </td>
                <td>
                  <Cell control={control} name={`participants.${i}.role`} id={rvId(`p${i}-role`)} label={`Fonction du participant ${i + 1}`} className="input-wide" />
                </td>
                <td>
                  <button type="button" className="button small" aria-label={`Retirer le participant ${i + 1}`} onClick={() => remove(i)}>
                    Retirer
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button small add-row" onClick={() => append(newParticipant(), { shouldFocus: false })}>
        Ajouter un participant
      </button>
    </>
  );
}

export function IndicatorLines({ control, contract, detail }: { control: DraftControl; contract: ContractDetail; detail: ReviewDetail }) {
  if (detail.indicators.length === 0) {
    return (
      <p className="muted">
        L’annexe de l’année {detail.year} n’a pas d’indicateur. <Link to={`/contrats/${contract.id}/indicateurs`}>Saisir l’annexe</Link>
      </p>
    );
  }
  return (
    <IndicatorTable
      rows={detail.indicators}
      editable
      note={<div className="muted small">d’après les valeurs enregistrées : validées, sinon présentées, sinon mesurées</div>}
      line={(row, i) => (
        <tr key={row.indicatorId} className={detail.kind === 'annual' && (row.validated === null || row.status === null) ? 'row-pending' : ''}>
          <th scope="row">
            {row.label}
            <div className="muted small">{UNIT_LABELS[row.unit]}</div>
          </th>
          <td className="num">{targetText(row)}</td>
          <td className="num">{row.measured !== null ? shown(row.measured, row.unit) : <span className="warn-word">aucune</span>}</td>
          {(['presented', 'validated'] as const).map((k) => (
            <td key={k}>
              <Cell control={control} name={`indicators.${i}.${k}`} id={rvId(`i${i}-${k}`)} label={`${k === 'presented' ? 'Valeur présentée' : 'Valeur validée'} : ${row.label}`} select={row.unit === 'yesno'} className="input-value">
                <YesNoOptions />
              </Cell>
            </td>
          ))}
          <td>
            <Cell control={control} name={`indicators.${i}.status`} id={rvId(`i${i}-status`)} label={`Statut : ${row.label}`} select>
              <option value="">—</option>
              {REVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {REVIEW_STATUS_LABELS[s]}
                </option>
              ))}
            </Cell>
          </td>
          <td>
            <Cell control={control} name={`indicators.${i}.comment`} id={rvId(`i${i}-comment`)} label={`Commentaire : ${row.label}`} />
          </td>
          <td className="num">{row.evidenceCount === 0 ? <Badge tone="warn">0</Badge> : row.evidenceCount}</td>
          <EarnedCell row={row} />
        </tr>
      )}
    />
  );
}

function Decision({ control, contract, detail, i, onRemove }: { control: DraftControl; contract: ContractDetail; detail: ReviewDetail; i: number; onRemove: () => void }) {
  const x = useWatch({ control, name: `decisions.${i}` });
  const kinds = DECISION_KINDS.filter((k) => k !== 'target_revision' || detail.kind === 'annual');
  const target = detail.indicators.find((r) => String(r.indicatorId) === x.indicatorId);
  const at = (k: keyof typeof x) => ({ control, name: `decisions.${i}.${k}` as const, id: rvId(`d${i}-${k === 'indicatorId' ? 'indicator' : k === 'newTarget' ? 'target' : k === 'onDate' ? 'date' : k === 'amountCents' ? 'amount' : k}`) });
  return (
    <li className="decision">
      <fieldset aria-label={`Décision ${i + 1}`}>
        <div className="decision-head">
          <span className="decision-no">Décision {i + 1}</span>
          <button type="button" className="button small" aria-label={`Retirer la décision ${i + 1}`} onClick={onRemove}>
            Retirer
          </button>
        </div>
        <div className="decision-grid">
          <BoundSelectField {...at('kind')} label="Type de décision">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {DECISION_KIND_LABELS[k]}
              </option>
            ))}
          </BoundSelectField>
          {x.kind === 'target_revision' && (
            <>
              <BoundSelectField {...at('indicatorId')} label="Indicateur">
                <option value="">— choisir —</option>
                {groupByMission(detail.indicators).map((g) => (
                  <optgroup key={g.mission} label={MISSION_LABELS[g.mission]}>
                    {g.items.map(({ row }) => (
                      <option key={row.indicatorId} value={row.indicatorId}>
                        {row.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </BoundSelectField>
              <BoundTextField
                {...at('newTarget')}
                label="Nouvelle cible"
                hint={target ? `Cible actuelle : ${shown(target.target, target.unit)} · ${UNIT_HINTS[target.unit]}` : 'Choisissez d’abord l’indicateur.'}
                className="input-value"
              />
            </>
          )}
          {(x.kind === 'mission_start' || x.kind === 'mission_deployment') && (
            <>
              <BoundSelectField {...at('mission')} label="Mission">
                <option value="">— choisir —</option>
                {contract.missions.map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.label}
                    {x.kind === 'mission_start' && m.startedOn ? ` (démarrée le ${date(m.startedOn)})` : ''}
                    {x.kind === 'mission_deployment' && m.deployedOn ? ` (déployée le ${date(m.deployedOn)})` : ''}
                  </option>
                ))}
              </BoundSelectField>
              <BoundTextField {...at('onDate')} label="Date constatée" type="date" />
            </>
          )}
          {x.kind === 'amount_validated' && <BoundMoneyField {...at('amountCents')} label="Montant validé (€)" hint="facultatif, ex. 24 636,36" />}
        </div>
        <BoundTextAreaField {...at('text')} label="Texte de la décision" rows={2} />
      </fieldset>
    </li>
  );
}

export function Decisions({ control, contract, detail }: { control: DraftControl; contract: ContractDetail; detail: ReviewDetail }) {
  const { fields, append, remove } = useFieldArray({ control, name: 'decisions' });
  return (
    <>
      {fields.length === 0 && <p className="muted">Aucune décision.</p>}
      <ol className="decisions">
        {fields.map((f, i) => (
          <Decision key={f.id} control={control} contract={contract} detail={detail} i={i} onRemove={() => remove(i)} />
        ))}
      </ol>
      <button type="button" className="button small add-row" onClick={() => append(newDecision(detail), { shouldFocus: false })}>
        Ajouter une décision
      </button>
    </>
  );
}
