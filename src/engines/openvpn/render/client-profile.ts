/**
 * A .ovpn profile with everything inline. Kept to directives that OpenVPN Connect (v3 core), OpenVPN GUI,
 * Tunnelblick and the Linux client all accept: no dev-node, fragment, script hooks or file references.
 */
import type { RaServer } from '../../../core/model/index.js';
import { directive, inlineBlock, RenderError, token } from './directives.js';

export interface ClientProfileInput {
  server: RaServer;
  /** what clients connect to: an IP address or DNS name (defaults to server.publicAddress) */
  publicAddress?: string;
  /** CN of the server certificate, checked by verify-x509-name */
  serverCommonName: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  /** required when server.tlsCrypt */
  tlsCryptKey?: string;
  /** defaults to server.passwordAuth */
  passwordAuth?: boolean;
  /** ask for the TOTP code in a separate prompt (static-challenge) instead of appended to the password */
  totpPrompt?: boolean;
}

export function renderClientProfile(input: ClientProfileInput): string {
  const { server } = input;
  const host = input.publicAddress ?? server.publicAddress;
  if (!host) throw new RenderError('no public address to put into the profile');
  if (!/^[A-Za-z0-9._@ -]{1,64}$/.test(input.serverCommonName) || input.serverCommonName.trim() !== input.serverCommonName) {
    throw new RenderError(`server CN ${JSON.stringify(input.serverCommonName)} cannot be matched by verify-x509-name`);
  }
  const passwords = input.passwordAuth ?? server.passwordAuth;
  const lines = [
    'client',
    'dev tun',
    directive('proto', server.proto === 'udp' ? 'udp' : 'tcp-client'),
    directive('remote', token(host, 'remote host'), server.port, server.proto),
    'nobind',
    'resolv-retry infinite',
    'persist-key',
    'persist-tun',
    'remote-cert-tls server',
    `verify-x509-name ${quoteCn(input.serverCommonName)} name`,
    directive('data-ciphers', server.ciphers.join(':')),
    'tls-version-min 1.2',
    // tells the server at once when the client quits, instead of after its 12 s keepalive timeout (which
    // holds a static address until then)
    ...(server.proto === 'udp' ? ['explicit-exit-notify 1'] : []),
    // the client's tun queue (500 by default) drops the bursts it sends; neither option can be pushed.
    // `setenv opt`: clients that do not know an option (OpenVPN Connect, Windows) ignore it instead of failing
    'setenv opt txqueuelen 1000',
    ...(server.proto === 'udp' ? ['setenv opt fast-io'] : []),
    ...(passwords ? ['auth-user-pass', 'auth-nocache'] : []),
    // OpenVPN Connect, Tunnelblick and the OpenVPN GUI then ask for the code in a second box and send
    // "SCRV1:base64(password):base64(code)", which the server's authorizer accepts like "password+code"
    ...(passwords && input.totpPrompt ? ['static-challenge "Enter your authenticator code" 1'] : []),
    'verb 3',
    inlineBlock('ca', input.caPem),
    inlineBlock('cert', input.certPem),
    inlineBlock('key', input.keyPem),
    ...tlsCrypt(input),
  ];
  return `${lines.join('\n')}\n`;
}

/** A CN with spaces is quoted; the check above leaves no quote or backslash in it. */
function quoteCn(cn: string): string {
  return cn.includes(' ') ? `"${cn}"` : cn;
}

function tlsCrypt(input: ClientProfileInput): string[] {
  if (!input.server.tlsCrypt) return [];
  if (!input.tlsCryptKey) throw new RenderError('tls-crypt is on but no key was given');
  return [inlineBlock('tls-crypt', input.tlsCryptKey)];
}
