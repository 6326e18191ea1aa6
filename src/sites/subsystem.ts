/** Subsystem: site-to-site IPsec (strongSwan): charon per gateway, connections, health, actions, export. */
import type { Services, Subsystem } from '../subsystems.js';

export function createSitesSubsystem(_s: Services): Subsystem {
  return { name: 'sites' };
}
