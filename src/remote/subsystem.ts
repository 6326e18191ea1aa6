/** Subsystem: remote access (OpenVPN): servers, authorisation, sessions, access policies, profiles. */
import type { Services, Subsystem } from '../subsystems.js';

export function createRemoteSubsystem(_s: Services): Subsystem {
  return { name: 'remote' };
}
