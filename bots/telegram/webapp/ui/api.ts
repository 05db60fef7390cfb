import { initData } from './telegram.ts';

// The app's calls to /app/api/, signed in with Telegram's launch data.

export interface Money {
  minor: string;
  text: string;
}

export interface Me {
  name: string;
  language: 'en' | 'de';
  currency: string;
  available: Money;
  held: Money;
}

export interface Row {
  fqdn: string;
  display: string;
  zone: string;
  length: number;
  dropAt: string;
  finalizesAt: string | null;
  price: Money | null;
  lite: Money | null;
}

export interface Results {
  total: number;
  page: number;
  pageSize: number;
  items: Row[];
}

export interface Backorder {
  id: number;
  fqdn: string;
  display: string;
  status: string;
  statusText: string;
  kind: 'regular' | 'lite';
  dropAt: string | null;
  finalizesAt: string | null;
  price: Money;
  held: Money | null;
  cancellable: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`api/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `tma ${initData}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.message ?? '');
  return body as T;
}

export const api = {
  me: () => call<Me>('me'),
  search: (params: URLSearchParams) => call<Results>(`search?${params}`),
  days: (params: URLSearchParams) => call<{ days: Array<{ date: string; count: number }> }>(`days?${params}`),
  backorders: () => call<{ total: number; items: Backorder[] }>('backorders'),
  place: (fqdn: string, lite: boolean) =>
    call<{ id: number; message: string }>('backorders', { method: 'POST', body: { fqdn, lite } }),
  cancel: (id: number) =>
    call<{ id: number; message: string }>('backorders/cancel', { method: 'POST', body: { id } }),
  watch: (fqdn: string) => call<{ id: number; message: string }>('watch', { method: 'POST', body: { fqdn } }),
};
