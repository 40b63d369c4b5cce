// Home realm discovery: an email's domain → the one account that verified it
// and whose integration is active. The rules are the access decision's first
// two (access/realm-rules.ts); every refusal has its catalog code.
export { decideRealm as discoverRealm, type Realm } from '../access/realm-rules.ts';
