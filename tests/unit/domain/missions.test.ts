import { describe, expect, it } from 'vitest';
import { hasMission, isMissionCode, MISSION_CODES, missionNotInContract, type ContractMission } from '../../../shared/domain/missions';
import { missionRefusal } from '../../../shared/domain/spending';

const contract = {
  missions: [
    { code: 'acces_soins', startedOn: '2022-07-01', deployedOn: null },
    { code: 'parcours', startedOn: null, deployedOn: null },
  ] satisfies ContractMission[],
};

describe('mission not in the contract', () => {
  it('accepts a mission the contract retained, started or not', () => {
    expect(hasMission(contract, 'acces_soins')).toBe(true);
    expect(hasMission(contract, 'parcours')).toBe(true);
    expect(missionNotInContract(contract, 'acces_soins')).toBeNull();
    expect(missionNotInContract(contract, 'parcours')).toBeNull();
  });

  it('refuses, in French and naming it, a mission the contract did not retain', () => {
    expect(hasMission(contract, 'prevention')).toBe(false);
    expect(missionNotInContract(contract, 'prevention')).toBe('Prévention : mission non retenue au contrat.');
    expect(missionNotInContract(contract, 'crise_sanitaire')).toBe('Réponse aux crises sanitaires graves : mission non retenue au contrat.');
  });

  it('accepts no mission named (fonctionnement, a whole year)', () => {
    expect(missionNotInContract(contract, null)).toBeNull();
    expect(missionNotInContract(contract, undefined)).toBeNull();
  });

  it('refuses every mission of a contract without missions', () => {
    const none = { missions: [] };
    for (const code of MISSION_CODES) expect(missionNotInContract(none, code)).toMatch(/ : mission non retenue au contrat\.$/);
  });

  it('is the rule the spending entries follow, on their mission field', () => {
    const c = { id: 1, signedOn: '2022-07-01', endsOn: '2027-06-30', missions: contract.missions };
    expect(missionRefusal(c, 'qualite')).toEqual({ field: 'mission', message: 'Qualité et pertinence des soins : mission non retenue au contrat.' });
    expect(missionRefusal(c, 'parcours')).toBeNull();
    expect(missionRefusal(c, null)).toBeNull();
  });

  it('knows the six codes only', () => {
    expect(isMissionCode('prevention')).toBe(true);
    expect(isMissionCode('Prevention')).toBe(false);
    expect(isMissionCode(3)).toBe(false);
  });
});
