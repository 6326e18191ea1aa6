/** `corridor pki ...`; `inspect` runs locally, so it works on files from machines Corridor does not manage. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExtraRegistrar } from '../cli/extra.js';
import { api, CliError } from '../cli/client.js';
import { keyValues, table } from '../cli/format.js';

export const registerCertificatesCommands: ExtraRegistrar = (program, _groups, target, print) => {
  const pki = program.command('pki').description('certificate authorities and certificates');
  const ca = pki.command('ca').description('certificate authorities');
  ca.command('list').description('list certificate authorities').action(async () => {
    const r = await api(target(), 'GET', '/api/pki/cas');
    print(r, () => table(r.items, ['name', 'crlNumber', 'createdAt']));
  });
  ca.command('create <name>').description('create a certificate authority (its key stays encrypted on the gateway)').requiredOption('--cn <cn>', 'CA common name').option('--org <o>').option('--key-type <type>', 'ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096', 'ec-p256').option('--days <n>', 'validity in days', '3650')
    .action(async (name: string, o: { cn: string; org?: string; keyType: string; days: string }) => {
      const r = await api(target(), 'POST', '/api/pki/cas', { name, subject: { CN: o.cn, ...(o.org ? { O: o.org } : {}) }, keyType: o.keyType, validityDays: Number(o.days) });
      print(r, () => `CA "${name}" created (${r.keyType}, valid until ${r.notAfter})`);
    });
  pki.command('list').description('list certificates, with expiry, revocation and renewal state').option('--ca <name>', 'only this CA').option('--kind <kind>', 'server, client or ike').action(async (o: { ca?: string; kind?: string }) => {
    const q = new URLSearchParams(Object.entries(o).filter(([, v]) => v) as Array<[string, string]>);
    const r = await api(target(), 'GET', `/api/pki/certificates?${q}`);
    print(r, () => table(r.items, ['name', 'ca', 'kind', 'subject', 'notAfter', 'revokedAt', 'renewalDue']));
  });
  pki.command('issue <name>').description('issue a certificate from a CA').requiredOption('--ca <ca>').requiredOption('--kind <kind>', 'server, client or ike')
    .option('--cn <cn>').option('--username <user>').option('--identity <id>').option('--dns <names>', 'comma-separated DNS SANs').option('--ip <ips>', 'comma-separated IP SANs').option('--days <n>', 'validity in days')
    .action(async (name: string, o: Record<string, string | undefined>) => {
      const r = await api(target(), 'POST', '/api/pki/certificates', {
        name, ca: o.ca, kind: o.kind, ...(o.cn ? { cn: o.cn } : {}), ...(o.username ? { username: o.username } : {}), ...(o.identity ? { identity: o.identity } : {}),
        ...(o.dns ? { dnsNames: o.dns.split(',') } : {}), ...(o.ip ? { ips: o.ip.split(',') } : {}), ...(o.days ? { validityDays: Number(o.days) } : {}),
      });
      print(r, () => keyValues({ name: r.name, subject: r.subject, serial: r.serial, notAfter: r.notAfter }));
    });
  pki.command('revoke <name>').description('revoke a certificate; the CRL is regenerated and handed to the engines').option('--reason <reason>', 'keyCompromise, superseded, cessationOfOperation, ...').action(async (name: string, o: { reason?: string }) => {
    const r = await api(target(), 'POST', `/api/pki/certificates/${encodeURIComponent(name)}/revoke`, o.reason ? { reason: o.reason } : {});
    print(r, () => `certificate "${name}" revoked at ${r.revokedAt}; CRL regenerated and handed to the engines`);
  });
  pki.command('import-easyrsa <dir>').description('import an easy-rsa 3 PKI directory on the gateway').requiredOption('--ca <name>', 'name for the imported CA').option('--passphrase-file <file>', 'file holding the CA key passphrase')
    .action(async (dir: string, o: { ca: string; passphraseFile?: string }) => {
      const passphrase = o.passphraseFile ? readFileSync(o.passphraseFile, 'utf8').replace(/\r?\n$/, '') : undefined;
      const r = await api(target(), 'POST', '/api/pki/import-easyrsa', { dir: resolve(dir), ca: o.ca, ...(passphrase ? { passphrase } : {}) });
      print(r, () => [`imported CA "${r.ca}": ${r.certificates} certificates, ${r.revoked} revocations`, ...r.warnings.map((w: string) => `warning: ${w}`)].join('\n'));
    });
  pki.command('inspect <files...>').description('inspect certificates, keys, CRLs and .ovpn profiles (runs locally)').option('--trust <ca-file>', 'also trust this CA file')
    .action(async (files: string[], o: { trust?: string }) => {
      const { inspect } = await import('../pki/index.js');
      const inputs = files.map((f) => {
        try {
          return { name: f, data: readFileSync(f) };
        } catch (e) {
          throw new CliError(`cannot read ${f}: ${(e as Error).message}`);
        }
      });
      const report = await inspect(inputs, o.trust ? { trusted: [readFileSync(o.trust, 'utf8')] } : {});
      print(report, () => formatInspect(report));
      if (report.problems.some((p) => p.severity === 'error') || report.errors.length) process.exitCode = 2;
    });
};

function formatInspect(report: Awaited<ReturnType<typeof import('../pki/index.js').inspect>>): string {
  const out: string[] = [];
  for (const o of report.objects) {
    const c = o.certificate;
    out.push(`${o.ref} (${o.kind})${c ? `: ${c.subject}` : ''}`);
    if (c) {
      out.push(`  issuer ${c.issuer}; valid ${c.notBefore} .. ${c.notAfter}; ${c.signatureAlgorithm}`);
      if (c.extendedKeyUsage?.length) out.push(`  EKU ${c.extendedKeyUsage.join(', ')}`);
      if (c.subjectAltNames?.length) out.push(`  SAN ${c.subjectAltNames.join(', ')}`);
    }
  }
  for (const e of report.errors) out.push(`error: ${e.input}: ${e.message}`);
  out.push(report.problems.length ? 'problems:' : 'no problems found');
  for (const p of report.problems) out.push(`  ${p.severity.padEnd(7)} ${p.code.padEnd(22)} ${p.object}: ${p.message}`);
  return out.join('\n');
}
