/** CLI commands of the subsystem: remote access (OpenVPN): servers, authorisation, sessions, access policies, profiles. */
import type { ExtraRegistrar } from '../cli/extra.js';

export const registerRemoteCommands: ExtraRegistrar = () => {};
