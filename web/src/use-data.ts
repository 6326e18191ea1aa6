import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GET a path, re-fetch on demand; stale answers from an earlier path are dropped. */
export function useData<T>(path: string | undefined): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== undefined);
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    if (path === undefined) return;
    const ticket = ++current.current;
    setLoading(true);
    api
      .get<T>(path)
      .then((d) => {
        if (ticket !== current.current) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (ticket === current.current) setError(e);
      })
      .finally(() => {
        if (ticket === current.current) setLoading(false);
      });
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Items of a `{items: [...]}` list, [] while loading. */
export function useList<T>(path: string | undefined): Loaded<T[]> & { items: T[] } {
  const r = useData<{ items: T[] }>(path);
  return { ...r, data: r.data?.items, items: r.data?.items ?? [] };
}

/** Saves a text as a file the browser downloads (profiles, exported configurations). */
export function saveFile(filename: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
