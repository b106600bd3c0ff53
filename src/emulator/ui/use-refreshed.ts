/**
 * Data a view loads from the emulator and reloads on each live event: one
 * request at a time (events that arrive meanwhile ask for one more reload, not
 * one each), and an answer for outdated filters or page is never shown.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Refreshed<T> {
  readonly data: T | null;
  readonly error: string | null;
  /** Loads again now (after an action of the view's own). */
  readonly reload: () => void;
}

/** Loads with `load` whenever `deps` change and whenever `version` changes (unless `paused`). */
export function useRefreshed<T>(load: () => Promise<T>, deps: readonly unknown[], version: number, paused = false): Refreshed<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef({ generation: 0, inFlight: false, again: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  const seenVersion = useRef(version);

  const start = () => {
    const r = run.current;
    if (r.inFlight) {
      r.again = true;
      return;
    }
    r.inFlight = true;
    const generation = r.generation;
    loadRef.current().then(
      (value) => {
        if (generation !== run.current.generation) return;
        setData(value);
        setError(null);
      },
      (e: unknown) => {
        if (generation === run.current.generation) setError((e as Error).message);
      },
    ).finally(() => {
      r.inFlight = false;
      if (r.again || generation !== r.generation) {
        r.again = false;
        start();
      }
    });
  };

  useEffect(() => {
    run.current.generation++;
    start();
  }, deps);
  useEffect(() => {
    if (paused || version === seenVersion.current) return;
    seenVersion.current = version;
    start();
  }, [version, paused]);
  return { data, error, reload: start };
}
