// Runs a Supervisor in its own process, so a test can kill -9 "the daemon" and check what survives.
import pino from 'pino';
import { Supervisor } from '../../src/engines/supervisor.js';
import { tickSpec } from './tick-spec.js';

const [runRoot] = process.argv.slice(2);
const sup = new Supervisor({ runRoot: runRoot!, log: pino({ level: 'silent' }) });
const st = await sup.ensure(tickSpec(runRoot!, 'v1'));
process.stdout.write(`${JSON.stringify(st)}\n`);
setInterval(() => {}, 1000);
