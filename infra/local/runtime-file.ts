/**
 * What `npm start` writes into its data directory while it runs, so that `npm run token` (and a person) can find
 * the identity provider and the API of that data directory; removed when it stops.
 */
export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeFile {
  readonly pid: number;
  readonly apiUrl: string;
  readonly issuer: string;
  readonly clientId: string;
}
