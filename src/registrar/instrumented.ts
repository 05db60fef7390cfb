import { RegistrarError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { Registrar } from './port.ts';

// Every registrar call timed into one histogram, whichever registrar it is: a slow or refusing
// registrar is the first thing staff want to see when catches go wrong.

const METRIC = 'backorder_registrar_call_duration_seconds';

const outcomeOf = (e: unknown) =>
  e instanceof RegistrarError ? (e.temporary ? 'temporary' : 'refused') : 'error';

export function instrumentRegistrar(registrar: Registrar, metrics: Metrics): Registrar {
  metrics.histogram(METRIC, 'Registrar API calls, by registrar, command and outcome', [
    'registrar',
    'command',
    'outcome',
  ]);
  const timed = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const wrap = (command: string, call: (...args: unknown[]) => Promise<unknown>) => {
    return async (...args: unknown[]) => {
      const began = performance.now();
      let outcome = 'ok';
      try {
        return await call(...args);
      } catch (e) {
        outcome = outcomeOf(e);
        throw e;
      } finally {
        // not metrics.time: the outcome label is known only once the call has ended
        metrics.observe(
          METRIC,
          { registrar: registrar.kind, command, outcome },
          (performance.now() - began) / 1000,
        );
      }
    };
  };
  // A proxy, so a method the port gains later is timed too without touching this file.
  return new Proxy(registrar, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      let fn = timed.get(prop);
      if (!fn) {
        fn = wrap(prop, (value as (...a: unknown[]) => Promise<unknown>).bind(target));
        timed.set(prop, fn);
      }
      return fn;
    },
  });
}
