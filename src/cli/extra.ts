/** Commands beyond CRUD (site actions, user actions, PKI, doctor); subsystems add theirs here. */
import type { Command } from 'commander';
import type { Target } from './client.js';
import { registerCertificatesCommands } from '../certificates/cli.js';
import { registerSitesCommands } from '../sites/cli.js';
import { registerRemoteCommands } from '../remote/cli.js';
import { registerDoctorCommands } from '../doctor/surface/cli.js';
import { registerAdminCommands } from '../auth/cli.js';

export type Print = (value: unknown, human: () => string) => void;
export type ExtraRegistrar = (program: Command, groups: Map<string, Command>, target: () => Target, print: Print) => void;

const REGISTRARS: ExtraRegistrar[] = [registerCertificatesCommands, registerSitesCommands, registerRemoteCommands, registerDoctorCommands, registerAdminCommands];

export function registerExtraCommands(program: Command, groups: Map<string, Command>, target: () => Target, print: Print): void {
  for (const r of REGISTRARS) r(program, groups, target, print);
}
