import { describe, expect, it } from 'vitest';
import { isSocle, missionDeadlines, missionsAvailable } from '../../../shared/domain/deadlines';

describe('missionDeadlines', () => {
  it('counts months from the signature', () => {
    expect(missionDeadlines('acces_soins', '2022-07-01')).toMatchObject({ startBy: '2023-01-01', deployBy: '2024-01-01', clockFrom: '2022-07-01' });
    expect(missionDeadlines('parcours', '2022-07-01')).toMatchObject({ startBy: '2023-07-01', deployBy: '2024-07-01' });
    expect(missionDeadlines('prevention', '2021-08-31')).toMatchObject({ startBy: '2022-08-31', deployBy: '2023-08-31' });
    expect(missionDeadlines('acces_soins', '2021-08-31')).toMatchObject({ startBy: '2022-02-28', deployBy: '2023-02-28' });
  });
  it('crisis mission of a contract signed before avenant 2: clock from 2022-04-01 (MC)', () => {
    const d = missionDeadlines('crise_sanitaire', '2021-09-16');
    expect(d).toMatchObject({ clockFrom: '2022-04-01', startBy: '2022-10-01', deployBy: '2023-10-01' });
    expect(d.explanation).toContain('avenant 2');
    expect(d.explanation).toContain('01/10/2022');
  });
  it('crisis mission of a later contract: clock from the signature', () => {
    expect(missionDeadlines('crise_sanitaire', '2022-04-01')).toMatchObject({ clockFrom: '2022-04-01', startBy: '2022-10-01', deployBy: '2023-10-01' });
    expect(missionDeadlines('crise_sanitaire', '2023-12-13')).toMatchObject({ clockFrom: '2023-12-13', startBy: '2024-06-13', deployBy: '2025-06-13' });
  });
  it('optional missions: at the CPTS choice', () => {
    for (const code of ['qualite', 'accompagnement'] as const) {
      const d = missionDeadlines(code, '2022-07-01');
      expect(d.startBy).toBeNull();
      expect(d.deployBy).toBeNull();
      expect(d.explanation).toContain('au choix de la CPTS');
    }
  });
});

describe('socle and available missions', () => {
  it('2019: 3 socle + 2 optional; avenant 2 adds the crisis socle mission', () => {
    expect(missionsAvailable('aci2019')).toEqual(['acces_soins', 'parcours', 'prevention', 'qualite', 'accompagnement']);
    expect(missionsAvailable('avenant2')).toEqual(['acces_soins', 'parcours', 'prevention', 'crise_sanitaire', 'qualite', 'accompagnement']);
    expect(isSocle('acces_soins', 'aci2019')).toBe(true);
    expect(isSocle('qualite', 'avenant2')).toBe(false);
    expect(isSocle('crise_sanitaire', 'aci2019')).toBe(false);
    expect(isSocle('crise_sanitaire', 'avenant2')).toBe(true);
  });
});
