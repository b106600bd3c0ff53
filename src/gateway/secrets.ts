/**
 * Where the gateway's secrets come from: the environment, never a flag
 * (flags show in `ps`). Each variable VAR may instead be given as VAR_FILE,
 * the path of a file holding it (Docker and Kubernetes secrets are mounted
 * as files); a final line break is dropped. Giving both is a mistake.
 */
import { readFileSync } from 'node:fs';

/** Variables of the built-in routes' secrets. */
export const SECRET_ENV = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  shopify: 'SHOPIFY_WEBHOOK_SECRET',
  token: 'CONNECT_GATEWAY_TOKEN',
} as const;

/** The variable of the secret of `--source NAME=...`: `CONNECT_GATEWAY_SECRET_<NAME>`, upper case, `-` as `_`. */
export function sourceSecretEnv(name: string): string {
  return `CONNECT_GATEWAY_SECRET_${name.toUpperCase().replaceAll('-', '_')}`;
}

/** A secret cannot be read (both VAR and VAR_FILE set, or the file unreadable). The message names the variable, never the value. */
export class GatewaySecretError extends Error {
  override readonly name = 'GatewaySecretError';
  readonly code = 'ERR_GATEWAY_SECRET';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** The secret `variable` from `env` (or the file `${variable}_FILE` names); undefined when neither is set. */
export function readSecret(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable];
  const file = env[`${variable}_FILE`];
  if (value !== undefined && value !== '' && file !== undefined && file !== '') throw new GatewaySecretError(variable, `set ${variable} or ${variable}_FILE, not both`);
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new GatewaySecretError(variable, `cannot read ${variable}_FILE (${file}): ${code}`);
    }
    const secret = text.replace(/\r?\n$/, '');
    if (secret.trim() === '') throw new GatewaySecretError(variable, `${variable}_FILE (${file}) is empty`);
    return secret;
  }
  return value === '' ? undefined : value;
}
