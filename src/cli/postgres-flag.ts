/**
 * `--postgres URL`, or env CONNECT_POSTGRES_URL, or (neither given) the
 * standard PG* variables, which `pg` reads itself.
 */
import { UsageError } from './io.js';

/** The environment variable `--postgres` defaults to. */
export const POSTGRES_URL_ENV = 'CONNECT_POSTGRES_URL';

/** The URL to connect to, or undefined for the PG* variables. */
export function postgresFlag(value: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const url = value ?? env[POSTGRES_URL_ENV];
  if (url === undefined || url === '') {
    if (env.PGHOST !== undefined || env.PGDATABASE !== undefined || env.PGUSER !== undefined) return undefined;
    throw new UsageError(`--postgres URL is required (or env ${POSTGRES_URL_ENV}, or the PG* variables)`);
  }
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--postgres must be a postgres:// or postgresql:// URL');
  return url;
}
