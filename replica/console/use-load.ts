import { useCallback, useEffect, useState } from 'react';
import { messageOf } from './api.ts';
import { showFlash } from './flash.ts';

/** Loads data for a section; a failure becomes an error flash with the server's message. */
export function useLoad<T>(load: () => Promise<T>): { data: T | undefined; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then(
        (value) => {
          if (live) setData(value);
        },
        (error: unknown) => {
          if (live) showFlash({ type: 'error', content: messageOf(error) });
        },
      )
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [load, generation]);
  return { data, loading, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}
