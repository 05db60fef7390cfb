import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { createCnrRegistrar } from './cnr/cnr-registrar.ts';
import { createIspapiRegistrar } from './ispapi/ispapi-registrar.ts';
import type { Registrar } from './port.ts';
import { createSandboxRegistrar } from './sandbox/sandbox-registrar.ts';

// Picks the registrar named by REGISTRAR. Config validation already demands login and password
// for ispapi and cnr; the checks here only narrow the types.

export function createRegistrar(deps: {
  config: Pick<
    Config,
    | 'REGISTRAR'
    | 'ISPAPI_URL'
    | 'ISPAPI_ENTITY'
    | 'ISPAPI_LOGIN'
    | 'ISPAPI_PASSWORD'
    | 'ISPAPI_CONTACT'
    | 'ISPAPI_TIMEOUT_MS'
    | 'cnrUrl'
    | 'CNR_LOGIN'
    | 'CNR_PASSWORD'
    | 'CNR_CONTACT'
    | 'CNR_TIMEOUT_MS'
    | 'SANDBOX_SEED'
    | 'SANDBOX_CATCH_RATE'
  >;
  clock: Clock;
  log: Logger;
}): Registrar {
  const { config, clock, log } = deps;
  if (config.REGISTRAR === 'sandbox') {
    return createSandboxRegistrar({
      seed: config.SANDBOX_SEED,
      catchRate: config.SANDBOX_CATCH_RATE,
      clock,
      log,
    });
  }
  if (config.REGISTRAR === 'cnr') {
    if (!config.CNR_LOGIN || !config.CNR_PASSWORD) {
      throw new Error('REGISTRAR=cnr needs CNR_LOGIN and CNR_PASSWORD');
    }
    return createCnrRegistrar({
      url: config.cnrUrl,
      login: config.CNR_LOGIN,
      password: config.CNR_PASSWORD,
      contactHandle: config.CNR_CONTACT,
      timeoutMs: config.CNR_TIMEOUT_MS,
      log,
    });
  }
  if (!config.ISPAPI_LOGIN || !config.ISPAPI_PASSWORD) {
    throw new Error('REGISTRAR=ispapi needs ISPAPI_LOGIN and ISPAPI_PASSWORD');
  }
  return createIspapiRegistrar({
    url: config.ISPAPI_URL,
    entity: config.ISPAPI_ENTITY,
    login: config.ISPAPI_LOGIN,
    password: config.ISPAPI_PASSWORD,
    contactHandle: config.ISPAPI_CONTACT,
    timeoutMs: config.ISPAPI_TIMEOUT_MS,
    log,
  });
}
