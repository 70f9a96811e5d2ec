import { describe, expect, it } from 'vitest';
import { readinessOf, type ReadinessFacts } from '../../../shared/domain/readiness';
import type { ContractMission } from '../../../shared/domain/missions';

// Signed 2022-07-01 under avenant 2: accès aux soins to start by 01/01/2023 and deploy by 01/01/2024,
// parcours by 01/07/2023 and 01/07/2024; qualité is optional (no deadline).
const contract = (missions: ContractMission[]) => ({ signedOn: '2022-07-01', textVersion: 'avenant2' as const, missions });
const complete: ReadinessFacts = { annexExists: true, incomplete: [] };

describe('readiness of a review', () => {
  it('is ready when the annex exists, every indicator has a value and its evidence, and no mission is late', () => {
    const c = contract([{ code: 'acces_soins', startedOn: '2022-09-01', deployedOn: '2023-06-01' }]);
    expect(readinessOf(complete, c, 1, '2024-03-01')).toEqual({ ready: true, missing: [], items: [] });
  });

  it('asks for the annex of the year when there is none', () => {
    const r = readinessOf({ annexExists: false, incomplete: [] }, contract([]), 3, '2024-08-01');
    expect(r.ready).toBe(false);
    expect(r.items).toEqual([{ kind: 'annex', text: "Annexe de l'année 3 non saisie (missions, actions, indicateurs)." }]);
  });

  it('lists the indicators without a value (with their mission) and the values without evidence, in the given order', () => {
    const facts: ReadinessFacts = {
      annexExists: true,
      incomplete: [
        { label: 'Taux de patients sans médecin traitant', mission: 'acces_soins', hasValue: false },
        { label: 'Nombre de protocoles', mission: 'parcours', hasValue: true },
        { label: 'Part de dépistages', mission: 'prevention', hasValue: false },
      ],
    };
    const r = readinessOf(facts, contract([]), 1, '2022-10-01');
    expect(r.items).toEqual([
      { kind: 'value', text: 'Indicateur sans valeur : Taux de patients sans médecin traitant (Accès aux soins).' },
      { kind: 'evidence', text: 'Valeur sans pièce justificative : Nombre de protocoles.' },
      { kind: 'value', text: 'Indicateur sans valeur : Part de dépistages (Prévention).' },
    ]);
    expect(r.missing).toEqual(r.items.map((i) => i.text));
    expect(r.ready).toBe(false);
  });

  it('names a mission not yet started past its deadline, not on the deadline itself', () => {
    const c = contract([{ code: 'acces_soins', startedOn: null, deployedOn: null }]);
    expect(readinessOf(complete, c, 1, '2023-01-01').ready).toBe(true);
    expect(readinessOf(complete, c, 1, '2023-01-02').items).toEqual([{ kind: 'mission', text: 'Mission en retard de démarrage : Accès aux soins (attendu au 01/01/2023).' }]);
  });

  it('names a started mission not deployed past its deadline, and only the start when neither happened', () => {
    const started = contract([{ code: 'acces_soins', startedOn: '2022-10-01', deployedOn: null }]);
    expect(readinessOf(complete, started, 2, '2024-01-02').items).toEqual([{ kind: 'mission', text: 'Mission en retard de déploiement : Accès aux soins (attendu au 01/01/2024).' }]);
    const neither = contract([{ code: 'acces_soins', startedOn: null, deployedOn: null }]);
    expect(readinessOf(complete, neither, 2, '2024-01-02').items.map((i) => i.text)).toEqual(['Mission en retard de démarrage : Accès aux soins (attendu au 01/01/2023).']);
  });

  it('does not hold against the review a start or deployment that happened, even late, nor an optional mission', () => {
    const c = contract([
      { code: 'acces_soins', startedOn: '2023-03-01', deployedOn: '2024-05-01' },
      { code: 'qualite', startedOn: null, deployedOn: null },
    ]);
    expect(readinessOf(complete, c, 3, '2025-01-01')).toEqual({ ready: true, missing: [], items: [] });
  });

  it('puts the annex first, then the indicators, then the missions in the contract’s order', () => {
    const c = contract([
      { code: 'acces_soins', startedOn: null, deployedOn: null },
      { code: 'parcours', startedOn: '2023-01-01', deployedOn: null },
    ]);
    const facts: ReadinessFacts = { annexExists: true, incomplete: [{ label: 'Délai de rendez-vous', mission: 'acces_soins', hasValue: true }] };
    const r = readinessOf(facts, c, 2, '2024-07-02');
    expect(r.items.map((i) => i.kind)).toEqual(['evidence', 'mission', 'mission']);
    expect(r.missing[1]).toContain('démarrage : Accès aux soins');
    expect(r.missing[2]).toBe('Mission en retard de déploiement : Parcours pluriprofessionnels (attendu au 01/07/2024).');
  });
});
