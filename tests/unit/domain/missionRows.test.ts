import { describe, expect, it } from 'vitest';
import { missionRows, nextDeadline } from '../../../shared/domain/deadlines';
import { contractMissions } from '../../../shared/domain/missions';

const signedOn = '2022-07-01';

describe('mission rows of a contract', () => {
  it('give each mission its deadlines, socle status and lateness on a day', () => {
    const rows = missionRows(
      {
        signedOn,
        textVersion: 'avenant2',
        missions: [
          { code: 'acces_soins', startedOn: '2023-02-01', deployedOn: null },
          { code: 'qualite', startedOn: null, deployedOn: null },
        ],
      },
      '2024-01-02',
    );
    expect(rows[0]).toMatchObject({ code: 'acces_soins', label: 'Accès aux soins', socle: true, startBy: '2023-01-01', deployBy: '2024-01-01', startLate: true, deployLate: true });
    expect(rows[0].deadlineNote).toContain('01/01/2023');
    expect(rows[1]).toMatchObject({ code: 'qualite', socle: false, startBy: null, deployBy: null, startLate: false, deployLate: false });
  });

  it('are not late on the deadline itself, nor when done in time', () => {
    const [onTime] = missionRows({ signedOn, textVersion: 'avenant2', missions: [{ code: 'acces_soins', startedOn: '2023-01-01', deployedOn: null }] }, '2024-01-01');
    expect([onTime.startLate, onTime.deployLate]).toEqual([false, false]);
  });
});

describe('next deadline', () => {
  it('is the earliest unmet one (a start before a deployment of the same mission), counting the late ones', () => {
    const rows = missionRows(
      {
        signedOn,
        textVersion: 'avenant2',
        missions: [
          { code: 'acces_soins', startedOn: '2022-09-01', deployedOn: null },
          { code: 'parcours', startedOn: null, deployedOn: null },
        ],
      },
      '2023-08-01',
    );
    expect(nextDeadline(rows, '2023-08-01')).toEqual({
      next: { mission: 'parcours', missionLabel: 'Parcours pluriprofessionnels', kind: 'start', dueOn: '2023-07-01', late: true },
      lateCount: 1,
    });
    expect(nextDeadline([], '2023-08-01')).toEqual({ next: null, lateCount: 0 });
  });
});

describe('contract missions as stored', () => {
  it('keep the known codes only, in the order of the six missions', () => {
    expect(
      contractMissions([
        { code: 'qualite', startedOn: null, deployedOn: null },
        { code: 'inconnue', startedOn: null, deployedOn: null },
        { code: 'acces_soins', startedOn: '2022-07-01', deployedOn: null },
      ]),
    ).toEqual([
      { code: 'acces_soins', startedOn: '2022-07-01', deployedOn: null },
      { code: 'qualite', startedOn: null, deployedOn: null },
    ]);
  });
});
