// The professionals of the register of indemnities: inscribe one (name, profession, optional RPPS
// of 11 digits) and correct a professional's profession or RPPS. Both validate with the API's own
// schemas (shared/schemas/books.ts) through react-hook-form.
import { useState } from 'react';
import type { z } from 'zod';
import type { ContractDetail } from '../../../shared/api';
import type { IndemnitiesView } from '../../../shared/booksViews';
import { professionalAddSchema, professionalUpdateSchema } from '../../../shared/schemas/books';
import { useApiMutation } from '../../api/hooks';
import { BoundTextField, useApiForm } from '../../components/apiForm';
import { FormActions, StatusMessage } from '../../components/form';
import { FormMessage } from '../../components/money';

const RPPS_HINT = 'Facultatif : 11 chiffres';

export function AddProfessional({ contract }: { contract: ContractDetail }) {
  const add = useApiMutation('indemnities.addProfessional');
  const empty = (): z.input<typeof professionalAddSchema> => ({ contractId: contract.id, name: '', profession: '', rpps: '' });
  const { form, control, errors, saved, submit } = useApiForm(professionalAddSchema, empty(), ['name', 'profession', 'rpps']);
  const onSubmit = submit(async (values) => {
    await add.mutateAsync(values);
    form.reset(empty());
    return `${values.name} (${values.profession}) inscrit(e) au registre.`;
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Nouveau professionnel">
      <fieldset>
        <legend>Inscrire un professionnel</legend>
        <div className="grid-3">
          <BoundTextField control={control} name="name" label="Nom du professionnel" id="pro-name" />
          <BoundTextField control={control} name="profession" label="Profession" id="pro-profession" hint="ex. médecin généraliste, infirmier" />
          <BoundTextField control={control} name="rpps" label="RPPS" id="pro-rpps" hint={RPPS_HINT} inputMode="numeric" />
        </div>
        <FormMessage errors={errors} refused="Le professionnel n’a pas été inscrit" />
        <StatusMessage message={saved} />
        <FormActions busy={add.isPending} submit="Inscrire le professionnel" />
      </fieldset>
    </form>
  );
}

type Professional = IndemnitiesView['professionals'][number];

function EditProfessional({ contract, professional, onDone }: { contract: ContractDetail; professional: Professional; onDone: (message: string) => void }) {
  const update = useApiMutation('indemnities.updateProfessional');
  const { control, errors, submit } = useApiForm(
    professionalUpdateSchema,
    { contractId: contract.id, professionalId: professional.id, profession: professional.profession, rpps: professional.rpps },
    ['profession', 'rpps'],
  );
  const id = (k: string) => `pro-${professional.id}-${k}`;
  const onSubmit = submit(async (values) => {
    await update.mutateAsync(values);
    const message = `${professional.name} : profession et RPPS enregistrés.`;
    onDone(message);
    return message;
  });
  return (
    <form className="correction-form" onSubmit={onSubmit} noValidate aria-label={`Modifier ${professional.name}`}>
      <div className="inline-fields">
        <BoundTextField control={control} name="profession" label="Profession" id={id('profession')} />
        <BoundTextField control={control} name="rpps" label="RPPS" id={id('rpps')} hint={RPPS_HINT} inputMode="numeric" />
      </div>
      <FormMessage errors={errors} refused="La modification n’a pas été enregistrée" />
      <FormActions busy={update.isPending} submit="Enregistrer" small onCancel={() => onDone('')} />
    </form>
  );
}

/** The professionals inscribed, each with its profession and RPPS, editable. */
export function ProfessionalsList({ contract, professionals }: { contract: ContractDetail; professionals: Professional[] }) {
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (professionals.length === 0) return <p className="muted">Aucun professionnel inscrit.</p>;
  return (
    <>
      <StatusMessage message={message} />
      <table className="table compact" aria-label="Professionnels inscrits">
        <thead>
          <tr>
            <th>Professionnel</th>
            <th>Profession</th>
            <th>RPPS</th>
            <th>
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {professionals.map((p) =>
            editing === p.id ? (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td colSpan={3}>
                  <EditProfessional
                    contract={contract}
                    professional={p}
                    onDone={(m) => {
                      setEditing(null);
                      setMessage(m || null);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.profession}</td>
                <td>{p.rpps || <span className="muted">—</span>}</td>
                <td>
                  <button type="button" className="button small" aria-label={`Modifier ${p.name}`} onClick={() => setEditing(p.id)}>
                    Modifier
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}
