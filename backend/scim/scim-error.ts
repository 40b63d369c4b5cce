// SCIM errors (RFC 7644 §3.12): an HTTP status, an optional scimType from the
// RFC's table, and a detail for the client. Only legal pairs can be built.
export const scimErrorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error';

const legalTypes = {
  400: [
    'invalidFilter',
    'tooMany',
    'invalidSyntax',
    'invalidPath',
    'noTarget',
    'invalidValue',
    'invalidVers',
    'sensitive',
    'mutability',
  ],
  409: ['uniqueness'],
} as const;

type TypedStatus = keyof typeof legalTypes;
export type ScimType = (typeof legalTypes)[TypedStatus][number];

export interface ScimErrorBody {
  schemas: [typeof scimErrorSchema];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  override name = 'ScimError';
  readonly status: number;
  readonly scimType: ScimType | undefined;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    if (scimType !== undefined) {
      const allowed: readonly string[] = legalTypes[status as TypedStatus] ?? [];
      if (!allowed.includes(scimType))
        throw new TypeError(`scimType ${scimType} is not legal with status ${status}`);
    }
    this.status = status;
    this.scimType = scimType;
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [scimErrorSchema],
      status: String(this.status),
      ...(this.scimType && { scimType: this.scimType }),
      detail: this.message,
    };
  }
}

export const badRequest = (detail: string, scimType: ScimType = 'invalidValue') =>
  new ScimError(400, detail, scimType);
export const notFound = (what: string) => new ScimError(404, `${what} not found`);
