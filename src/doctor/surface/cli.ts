/**
 * `corridor doctor [--lang]`, `doctor connection NAME`, `doctor logs PATH...` (local: no daemon needed;
 * files, directories and .tar.gz/.zip bundles read as streams so huge logs use bounded memory) and `doctor mirror SITE --swanctl|--ipsec|--params FILE`.
 * With the global --json, the contract object `{"findings": [...]}` is printed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ExtraRegistrar } from '../../cli/extra.js';
import { api, CliError } from '../../cli/client.js';
import type { Lang } from '../catalog/index.js';
import type { Report } from '../logs/index.js';

function langOf(value: string | undefined): Lang {
  const l = value ?? 'en';
  if (l !== 'en' && l !== 'zh-CN') throw new CliError(`--lang must be en or zh-CN, not "${l}"`, 1);
  return l;
}

// no default here: `doctor` and its subcommands both know --lang and whichever parses it holds it
const withLang = (c: Command) => c.option('--lang <lang>', 'en or zh-CN (default en)');
const langFrom = (cmd: Command) => langOf((cmd.optsWithGlobals() as { lang?: string }).lang);

export const registerDoctorCommands: ExtraRegistrar = (program, _groups, target, print) => {
  const show = async (report: Report, lang: Lang) => {
    const { formatReport } = await import('../logs/index.js');
    // exactly the contract object, whatever else a response carries
    print({ findings: report.findings }, () => formatReport(report, lang).trimEnd());
  };
  const doctor = withLang(program.command('doctor').description('check the gateway: host, engines, connections, recent engine logs'))
    .action(async (_o: unknown, cmd: Command) => {
      const lang = langFrom(cmd);
      await show(await api(target(), 'GET', `/api/doctor?lang=${lang}`), lang);
    });
  withLang(doctor.command('connection <name>').description('one site connection or remote-access server: state, engine logs, probes'))
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const lang = langFrom(cmd);
      await show(await api(target(), 'GET', `/api/doctor/connections/${encodeURIComponent(name)}?lang=${lang}`), lang);
    });
  withLang(doctor.command('logs <paths...>').description('diagnose engine logs (strongSwan, OpenVPN, WireGuard, pppd, Windows event exports as text or CSV): files, directories, .tar.gz/.tgz/.tar or .zip bundles; runs locally, no daemon needed'))
    .action(async (paths: string[], _o: unknown, cmd: Command) => {
      const lang = langFrom(cmd);
      const { collectLogInputs, diagnoseLogs, LogInputError } = await import('../logs/index.js');
      try {
        await show(await diagnoseLogs(await collectLogInputs(paths), { lang }), lang);
      } catch (e) {
        if (e instanceof LogInputError) throw new CliError(e.message, 1);
        throw e;
      }
    });
  withLang(doctor.command('mirror <site>').description("compare a site with the peer's configuration before deploying"))
    .option('--swanctl <file>', "the peer's swanctl.conf")
    .option('--ipsec <file>', "the peer's ipsec.conf")
    .option('--params <file>', "the peer's parameters as JSON (ikeVersion, ikeProposals, localId, pskFingerprint, ...)")
    .action(async (site: string, o: { swanctl?: string; ipsec?: string; params?: string }, cmd: Command) => {
      const lang = langFrom(cmd);
      const given = (['swanctl', 'ipsec', 'params'] as const).filter((k) => o[k] !== undefined);
      if (given.length !== 1) throw new CliError('give exactly one of --swanctl FILE, --ipsec FILE, --params FILE', 1);
      const format = given[0]!;
      const file = o[format]!;
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch { throw new CliError(`${file}: not a readable file`, 1); }
      const body = format === 'params' ? { format, params: JSON.parse(text) as unknown, lang } : { format, text, file: basename(file), lang };
      await show(await api(target(), 'POST', `/api/doctor/mirror/${encodeURIComponent(site)}`, body), lang);
    });
};
