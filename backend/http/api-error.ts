// The console/admin API's error: what we refused, with a stable code and the
// field at fault. Exposed to the client only below 500 (see error-mapper.ts).

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    details?: unknown;
    traceId?: string;
  };
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { field?: string; details?: unknown } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined && { field: this.field }),
        ...(this.details !== undefined && { details: this.details }),
      },
    };
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);
