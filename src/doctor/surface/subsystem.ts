/** Subsystem: the doctor's surfaces: gateway checks, connection diagnosis, log diagnosis (API and CLI). */
import type { Services, Subsystem } from '../../subsystems.js';

export function createDoctorSubsystem(_s: Services): Subsystem {
  return { name: 'doctor' };
}
