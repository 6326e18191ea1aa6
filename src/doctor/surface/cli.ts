/** CLI commands of the subsystem: the doctor's surfaces: gateway checks, connection diagnosis, log diagnosis (API and CLI). */
import type { ExtraRegistrar } from '../../cli/extra.js';

export const registerDoctorCommands: ExtraRegistrar = () => {};
