// Labels of the books' screens (French UI).
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { SPENDING_CATEGORY_LABELS, type SpendingCategory } from '../../../shared/schemas/money';

export const missionLabel = (m: MissionCode | null): string => (m ? MISSION_LABELS[m] : 'Fonctionnement');
export const categoryLabel = (c: string): string => SPENDING_CATEGORY_LABELS[c as SpendingCategory] ?? c;
export const percent = (share: number | null): string =>
  share === null ? '—' : `${(share * 100).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
