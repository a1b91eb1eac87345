import { ApiProblem } from './api-problem.js';

export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Makes a POST safe to retry: the server answers a repeat with the first outcome. */
  idempotencyKey?: string;
}

/** Where the client gets its bearer token and how it renews it; the session implements it. */
export interface TokenSource {
  accessToken(): string | null;
  /** Renews the access token; false when the session is over. */
  refresh(): Promise<boolean>;
  /** The session really ended (refresh refused): sign out locally. */
  expired(): void;
}

export interface ApiResponse<T> {
  data: T;
  response: Response;
}

export const API_BASE = '/api/v1';

/** Optimistic concurrency: the API's ETags are the quoted revision of the entity read. */
export function ifMatch(revision: number): Record<string, string> {
  return { 'If-Match': `"${revision}"` };
}

/** A signed-in read that waits until the read models hold the caller's own writes. */
export const STRONG_READ = { 'Reserva-Consistency': 'strong' } as const;

/** The shape of every id the API hands out. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** The one way the web client talks to the REST API: JSON in and out, problem+json as ApiProblem. */
export class ApiClient {
  private tokens: TokenSource | undefined;

  constructor(private readonly base = API_BASE) {}

  useTokens(tokens: TokenSource | undefined): void {
    this.tokens = tokens;
  }

  /** The current bearer token, for the WebSockets (they authenticate in their first message). */
  accessToken(): string | null {
    return this.tokens?.accessToken() ?? null;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.send<T>('GET', path, undefined, options).then((r) => r.data);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.send<T>('POST', path, body ?? {}, options).then((r) => r.data);
  }
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.send<T>('PUT', path, body, options).then((r) => r.data);
  }
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.send<T>('PATCH', path, body, options).then((r) => r.data);
  }
  delete<T = void>(path: string, options?: RequestOptions): Promise<T> {
    return this.send<T>('DELETE', path, undefined, options).then((r) => r.data);
  }

  /** A file answer (CSV, PDF, ICS): its bytes and the name the server suggests. */
  async download(path: string, options?: RequestOptions): Promise<{ blob: Blob; filename: string }> {
    const response = await this.fetchWithAuth('GET', path, undefined, options ?? {});
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? path.split('/').pop()!.split('?')[0]!;
    return { blob: await response.blob(), filename: decodeURIComponent(filename) };
  }

  async send<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await this.fetchWithAuth(method, path, body, options);
    const text = response.status === 204 ? '' : await response.text();
    return { data: (text ? JSON.parse(text) : undefined) as T, response };
  }

  private async fetchWithAuth(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
    let response = await this.fetchOnce(method, path, body, options);
    if (response.status === 401 && this.tokens?.accessToken()) {
      const problem = await readProblem(response, path);
      // A wrong second factor or password is a 401 too; only an expired/revoked token is worth a refresh.
      if (problem.problem.type !== 'urn:reserva:problem:unauthenticated') throw problem;
      if (await this.tokens.refresh()) response = await this.fetchOnce(method, path, body, options);
      else {
        this.tokens.expired();
        throw problem;
      }
    }
    if (!response.ok) throw await readProblem(response, path);
    return response;
  }

  private async fetchOnce(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.1', ...options.headers };
    const token = this.tokens?.accessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const url = withQuery(`${this.base}${path}`, options.query);
    try {
      return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw ApiProblem.network(path, err);
    }
  }
}

async function readProblem(response: Response, path: string): Promise<ApiProblem> {
  try {
    const body = await response.clone().json();
    if (body && typeof body.type === 'string') return new ApiProblem(body);
  } catch {
    // not JSON: fall through to a generic problem
  }
  return new ApiProblem({ type: `urn:reserva:problem:http-${response.status}`, title: response.statusText || 'Error', status: response.status, detail: '', instance: path });
}

/** The app's client; the session plugs its tokens in. */
export const api = new ApiClient();
