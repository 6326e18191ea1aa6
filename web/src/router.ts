import { useEffect, useState } from 'react';

/** Hash routes ("#/sites"): the daemon serves one index.html and needs no per-route fallback. */
export function currentRoute(): string {
  const h = window.location.hash.replace(/^#\/?/, '');
  return h.split('?')[0] || 'dashboard';
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(route: string): void {
  window.location.hash = `#/${route}`;
}
