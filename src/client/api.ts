/**
 * The one wrapper around fetch: sends the CSRF token and JSON, and turns the server's
 * `{ error: { code, message } }` into a thrown ApiError. Network failures become
 * ApiError with code `offline` so callers can retry.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached. Your text is kept in this browser and will be sent when the connection returns.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = typeof json === 'object' && json !== null && 'error' in json ? (json as { error: { code: string; message: string; details?: Record<string, unknown> } }).error : undefined;
    if (response.status === 401) {
      throw new ApiError(401, 'unauthenticated', 'Your session has ended. Sign in again in another tab; unsaved text is kept here.');
    }
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${response.status}.`, error?.details);
  }
  return json as T;
}
