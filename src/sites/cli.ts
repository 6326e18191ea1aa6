/** CLI commands of the subsystem: site-to-site IPsec (strongSwan): charon per gateway, connections, health, actions, export. */
import type { ExtraRegistrar } from '../cli/extra.js';

export const registerSitesCommands: ExtraRegistrar = () => {};
