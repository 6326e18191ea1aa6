/**
 * Certificates for the scenarios, made with the OpenSSL CLI (engines-lab.md §3.2) through `openssl ca`
 * so that one CA can also revoke, publish a CRL and backdate a certificate's validity.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabCa {
  dir: string;
  cert: string;
  key: string;
  conf: string;
}

export interface Issued {
  cert: string;
  key: string;
}

export interface IssueOptions {
  eku: 'serverAuth' | 'clientAuth' | 'serverAuth,clientAuth';
  /** subjectAltName, e.g. `DNS:hq.lab` (strongSwan identities). */
  san?: string;
  /** `YYYYMMDDHHMMSSZ` validity window; both or neither. */
  startdate?: string;
  enddate?: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createCa(dir: string, cn: string): LabCa {
  mkdirSync(join(dir, 'newcerts'), { recursive: true, mode: 0o700 });
  const ca: LabCa = { dir, cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key'), conf: join(dir, 'ca.cnf') };
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  writeFileSync(ca.conf, `[ ca ]
default_ca = lab
[ lab ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.crt
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 825
default_crl_days = 30
policy = anything
unique_subject = no
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ anything ]
commonName = supplied
`);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ca.key]);
  openssl(['req', '-x509', '-new', '-key', ca.key, '-sha256', '-days', '3650', '-subj', `/CN=${cn}`, '-out', ca.cert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return ca;
}

export function issue(ca: LabCa, name: string, o: IssueOptions): Issued {
  const base = join(ca.dir, name);
  const out: Issued = { cert: `${base}.crt`, key: `${base}.key` };
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', out.key]);
  openssl(['req', '-new', '-key', out.key, '-subj', `/CN=${name}`, '-out', `${base}.csr`]);
  const ext = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', `extendedKeyUsage=${o.eku}`,
    'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', ...(o.san ? [`subjectAltName=${o.san}`] : [])];
  writeFileSync(`${base}.ext`, ext.join('\n') + '\n');
  const validity = o.startdate && o.enddate ? ['-startdate', o.startdate, '-enddate', o.enddate] : [];
  openssl(['ca', '-batch', '-notext', '-config', ca.conf, '-in', `${base}.csr`, '-extfile', `${base}.ext`, ...validity, '-out', out.cert]);
  return out;
}

/** Revokes `cert` and writes the CA's CRL (PEM) to `crlPath`; it carries authorityKeyIdentifier, by which strongSwan finds it. */
export function revoke(ca: LabCa, cert: string, crlPath: string): void {
  openssl(['ca', '-batch', '-config', ca.conf, '-revoke', cert]);
  openssl(['ca', '-batch', '-config', ca.conf, '-gencrl', '-out', crlPath]);
}
