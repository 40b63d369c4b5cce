// A console API client over real HTTP, keeping cookies like a browser does
// and sending the CSRF token on state-changing requests.
export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export class ConsoleClient {
  readonly baseUrl: string;
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { cookie: this.cookieHeader(), ...init.headers },
      ...(init.body !== undefined && { body: init.body }),
      redirect: 'manual',
    });
    this.keepCookies(response.headers);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** A GET whose body the caller reads (e.g. a CSV download, as it streams). */
  async open(path: string): Promise<Response> {
    const response = await fetch(this.baseUrl + path, { headers: { cookie: this.cookieHeader() } });
    this.keepCookies(response.headers);
    return response;
  }

  async csrf(): Promise<string> {
    this.csrfToken ??= ((await this.raw('GET', '/api/console/csrf')).body as { csrfToken: string }).csrfToken;
    return this.csrfToken;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = {};
    if (method !== 'GET') headers['x-csrf-token'] = await this.csrf();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.raw(method, path, {
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return res as JsonResponse<T>;
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async signUp(name: string, email: string, password: string): Promise<string> {
    const res = await this.post<{ accountId: string }>('/api/console/signup', {
      name,
      ownerEmail: email,
      ownerPassword: password,
    });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accountId;
  }

  async login(email: string, password: string): Promise<JsonResponse> {
    return this.post('/api/console/login', { email, password });
  }
}

let counter = 0;
/** A unique company domain per test, so tests never collide on the global domain index. */
export function uniqueDomain(prefix = 'corp'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}.example`;
}
