import type { ContractDetail } from '../../../shared/api';

// Placeholder until the money screens land (issue 4).
export function PaymentsTab({ contract }: { contract: ContractDetail }) {
  return <p className="muted">Section en cours de réalisation pour le contrat n° {contract.id}.</p>;
}
