/** `corridor site initiate|terminate|reset|reset-psk|status|history|export NAME`. */
import { readFileSync } from 'node:fs';
import type { ExtraRegistrar } from '../cli/extra.js';
import { api } from '../cli/client.js';
import { keyValues, table, withProgress } from '../cli/format.js';

/** "198.19.1.0/24<->198.19.2.0/24 up (s2s-0-0), 198.19.3.0/24<->198.19.2.0/24 MISSING" */
function pairsText(pairs: Array<{ local: string; remote: string; state: string; child?: string }> | undefined): string {
  if (!pairs?.length) return '-';
  return pairs.map((p) => `${p.local}<->${p.remote} ${p.state === 'up' ? `up${p.child ? ` (${p.child})` : ''}` : 'MISSING'}`).join(', ');
}

export const registerSitesCommands: ExtraRegistrar = (_program, groups, target, print) => {
  const site = groups.get('site');
  if (!site) return;
  for (const action of ['initiate', 'terminate', 'reset'] as const) {
    site.command(`${action} <name>`).description(`${action} the tunnel`).action(async (name: string) => {
      const r = await withProgress(`${action} ${name}`, api(target(), 'POST', `/api/sites/${encodeURIComponent(name)}/${action}`));
      print(r, () => `${action}: ok`);
    });
  }
  site.command('reset-psk <name>').description('set a new PSK (generated unless --psk-file) and re-establish').option('--psk-file <file>', 'read the PSK from a file (- for stdin), never from the command line')
    .action(async (name: string, o: { pskFile?: string }) => {
      const psk = o.pskFile ? readFileSync(o.pskFile === '-' ? 0 : o.pskFile, 'utf8').replace(/\r?\n$/, '') : undefined;
      const r = await api(target(), 'POST', `/api/sites/${encodeURIComponent(name)}/psk`, psk ? { psk } : {});
      print(r, () => (r.psk ? `new PSK (shown once; enter it on the peer): ${r.psk}` : 'PSK replaced; tunnel re-established'));
    });
  site.command('status [name]').description('IKE and CHILD_SA state, traffic, last change').action(async (name?: string) => {
    if (name) {
      const r = await api(target(), 'GET', `/api/sites/${encodeURIComponent(name)}/status`);
      print(r, () => keyValues({ name: r.name, health: r.health, ike: r.ikeSas.map((i: { state: string }) => i.state).join(',') || 'none', children: r.children.map((c: { name: string; state: string }) => `${c.name}:${c.state}`).join(',') || 'none', missing: r.missingChildren, pairs: pairsText(r.pairs), bytesIn: r.bytesIn, bytesOut: r.bytesOut, lastChange: r.lastChange ? `${r.lastChange.at} ${r.lastChange.reason}` : '-' }));
    } else {
      const r = await api(target(), 'GET', '/api/site-status');
      print(r, () => table(r.items, ['name', 'gateway', 'health', 'bytesIn', 'bytesOut', 'lastChange.reason']));
    }
  });
  site.command('history <name>').description('state changes of the tunnel, newest first, with their reasons').action(async (name: string) => {
    const r = await api(target(), 'GET', `/api/sites/${encodeURIComponent(name)}/history`);
    print(r, () => table(r.items, ['at', 'kind', 'reason']));
  });
  site.command('export <name>').description("print the peer's configuration (mirrored)").option('--format <f>', 'swanctl or sheet', 'sheet').option('--vendor <v>', 'huawei-cloud (console worksheet), huawei, cisco-ios, fortigate, strongswan, ...').option('--lang <lang>', 'en or zh-CN', 'en').option('--include-psk', 'write the PSK in clear (audited)')
    .action(async (name: string, o: { format: string; vendor?: string; lang: string; includePsk?: boolean }) => {
      const q = new URLSearchParams({ format: o.format, lang: o.lang, ...(o.vendor ? { vendor: o.vendor } : {}), ...(o.includePsk ? { includePsk: '1' } : {}) });
      const text = await api(target(), 'GET', `/api/sites/${encodeURIComponent(name)}/export?${q}`);
      process.stdout.write(String(text).endsWith('\n') ? String(text) : `${String(text)}\n`);
    });
};
