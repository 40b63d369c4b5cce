// The entitlement decision lives in access/ (the one access decision). This
// re-export keeps check-in.ts's import until the merge points it at access/.
export { decideEntitlement, type Entitlement } from '../access/entitlement.ts';
