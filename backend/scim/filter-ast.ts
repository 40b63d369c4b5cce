// The tree a SCIM filter parses into (RFC 7644 §3.4.2.2); built by the
// generated parser (filter-grammar.peggy), read by filter.ts (SQL) and
// filter-match.ts (in memory, for PATCH value paths).
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompValue = string | number | boolean | null;

/** `[urn:…:]name[.sub]`, names as sent. */
export interface AttrPath {
  uri: string | null;
  name: string;
  sub: string | null;
}

export type FilterNode =
  | { type: 'compare'; path: AttrPath; op: CompareOp; value: CompValue }
  | { type: 'present'; path: AttrPath }
  | { type: 'and' | 'or'; filters: FilterNode[] }
  | { type: 'not'; filter: FilterNode }
  /** `emails[type eq "work"]`: the inner filter's paths are sub-attributes of `path`. */
  | { type: 'valuePath'; path: AttrPath; filter: FilterNode };
