// The missions of a contract form, bound to the `missions` field of the API's contract schema:
// one row per mission, its checkbox (the socle cannot be left out) and its effective start and
// deployment dates. Each date's message (the form's or the API's, "missions.2.startedOn") appears
// under it and marks it invalid, so focus can land on it.
import { useController, type Control, type FieldError } from 'react-hook-form';
import { ALWAYS_SOCLE, type ContractData, type ContractInput } from '../../../shared/schemas/contract';
import { MISSION_CODES, MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { messageOf } from '../../components/apiForm';
import { FieldError as FieldErrorText } from '../../components/ui';
import { invalidProps } from '../../components/money';

type MissionInput = ContractInput['missions'][number];

const DATE_FIELDS = [
  ['startedOn', 'Démarrage'],
  ['deployedOn', 'Déploiement'],
] as const;

/** The error of the whole list (the socle missing…), wherever react-hook-form put it. */
function listMessage(error: (FieldError & { root?: FieldError }) | undefined): string | undefined {
  return error?.root?.message ?? (typeof error?.message === 'string' && error.message !== '' ? error.message : undefined);
}

export function ContractMissionsField({ control }: { control: Control<ContractInput, unknown, ContractData> }) {
  const { field, fieldState } = useController({ control, name: 'missions' });
  const missions: MissionInput[] = Array.isArray(field.value) ? field.value : [];
  const error = fieldState.error as (FieldError & { root?: FieldError } & Record<string, unknown>) | undefined;
  const index = (code: MissionCode) => missions.findIndex((m) => m.code === code);

  // The list stays in the order of MISSION_CODES, whatever the order of the clicks.
  const toggle = (code: MissionCode, on: boolean) => {
    const kept = missions.filter((m) => m.code !== code);
    const next = on ? [...kept, { code, startedOn: '', deployedOn: '' }] : kept;
    field.onChange(MISSION_CODES.flatMap((c) => next.filter((m) => m.code === c)));
  };
  const setDate = (code: MissionCode, key: 'startedOn' | 'deployedOn', value: string) =>
    field.onChange(missions.map((m) => (m.code === code ? { ...m, [key]: value } : m)));

  const rootMessage = listMessage(error);
  return (
    <fieldset>
      <legend>Missions retenues</legend>
      {rootMessage && (
        <div className="field-error" role="alert">
          {rootMessage}
        </div>
      )}
      <table className="table compact">
        <thead>
          <tr>
            <th>Mission</th>
            <th>Démarrage effectif</th>
            <th>Déploiement effectif</th>
          </tr>
        </thead>
        <tbody>
          {MISSION_CODES.map((code) => {
            const i = index(code);
            const m = i >= 0 ? missions[i] : undefined;
            const locked = (ALWAYS_SOCLE as readonly string[]).includes(code);
            const rowError = i >= 0 ? error?.[String(i)] : undefined;
            return (
              <tr key={code}>
                <td>
                  <label className="checkbox">
                    <input type="checkbox" checked={m !== undefined} disabled={locked} onChange={(e) => toggle(code, e.target.checked)} />
                    {MISSION_LABELS[code]} {locked && <span className="muted small">(socle)</span>}
                  </label>
                  <FieldErrorText text={messageOf(rowError && typeof rowError === 'object' && 'code' in rowError ? rowError.code : undefined)} />
                </td>
                {DATE_FIELDS.map(([key, label]) => {
                  const id = `mission-${code}-${key}`;
                  const message = messageOf(rowError && typeof rowError === 'object' && key in rowError ? (rowError as Record<string, unknown>)[key] : undefined);
                  return (
                    <td key={key}>
                      <input
                        id={id}
                        type="date"
                        aria-label={`${label} — ${MISSION_LABELS[code]}`}
                        value={m?.[key] ?? ''}
                        disabled={m === undefined}
                        onChange={(e) => setDate(code, key, e.target.value)}
                        onBlur={field.onBlur}
                        {...invalidProps(id, message)}
                      />
                      <FieldErrorText id={id} text={message} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
