import { loadDotEnv } from './env.js';

/** GET on the machine's Asterisk REST interface with the stack's credentials (what a test observes in Asterisk itself). */
export async function ariGet<T>(path: string): Promise<T> {
  loadDotEnv();
  const url = process.env.ARI_URL ?? 'http://127.0.0.1:8088';
  const auth = Buffer.from(`${process.env.ARI_USER ?? 'hotline'}:${process.env.ARI_PASSWORD}`).toString('base64');
  const res = await fetch(`${url}/ari${path}`, { headers: { authorization: `Basic ${auth}` } });
  if (!res.ok) throw new Error(`ARI GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface AriBridge {
  id: string;
  channels: string[];
}

/** The bridges Asterisk holds now. */
export function ariBridges(): Promise<AriBridge[]> {
  return ariGet<AriBridge[]>('/bridges');
}
