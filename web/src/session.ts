import { createContext, useContext } from 'react';
import type { Admin } from './api-types.js';

export const AdminContext = createContext<{ admin: Admin; setAdmin: (a: Admin) => void } | undefined>(undefined);

export function useAdmin(): { admin: Admin; setAdmin: (a: Admin) => void } {
  const ctx = useContext(AdminContext);
  if (!ctx) throw new Error('useAdmin outside a logged-in console');
  return ctx;
}
