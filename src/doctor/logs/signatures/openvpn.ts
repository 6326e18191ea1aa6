import type { Candidate, Signature } from '../types.js';

/*
 * OpenVPN 2.4–2.6 (client and server) and OpenVPN Connect. Server lines carry the client's
 * `ip:port` or `cn/ip:port` prefix; client lines do not — used to tell the EKU cases apart.
 *
 * NOT rules: "Note: --cipher is not set…" (2.6 prints it on every start), "WARNING: file … is group
 * or others accessible", "Kernel support for ovpn-dco missing, disabling data channel offload."
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });
const SERVER_PREFIX = String.raw`(?:\S+/)?(?:\[AF_INET\])?(?:[0-9]{1,3}\.){3}[0-9]{1,3}:[0-9]+ `;

export const OPENVPN: Signature[] = [
  // A server with tls-crypt drops packets under another key without a word, so every "no answer" line
  // of the client (whichever of these timers fires first) may be that as well as a blocked port.
  { id: 'ovpn.connect-timeout', engine: 'openvpn', end: 'client', needles: ['Connection failed to establish within given time'],
    re: /Connection failed to establish within given time/,
    hits: [c('openvpn/connect-timeout', 0.85), c('openvpn/tls-crypt-mismatch', 0.35), c('net/port-unreachable', 0.3)], group: 'ovpn-tls' },
  { id: 'ovpn.tls-key-negotiation', engine: 'openvpn', end: 'any', needles: ['TLS key negotiation failed to occur'],
    re: /TLS key negotiation failed to occur within \d+ seconds/,
    hits: [c('openvpn/connect-timeout', 0.65), c('openvpn/tls-crypt-mismatch', 0.35), c('net/port-unreachable', 0.3)], group: 'ovpn-tls' },
  // OpenVPN 3 / OpenVPN Connect report the same silence as events (openvpn3 error.hpp names).
  { id: 'ovpn3.connection-timeout', engine: 'openvpn', end: 'client', needles: ['CONNECTION_TIMEOUT', 'HANDSHAKE_TIMEOUT'],
    re: /(?:EVENT: |LAST_EVENT=)(?:CONNECTION|HANDSHAKE)_TIMEOUT/,
    hits: [c('openvpn/connect-timeout', 0.75), c('openvpn/tls-crypt-mismatch', 0.3), c('net/port-unreachable', 0.3)], group: 'ovpn-tls' },
  // ICMP "port unreachable" for the client's UDP packets: nothing listens on the server port (or a firewall
  // rejects). Linux prints "read UDPv4 [ECONNREFUSED]: Connection refused (code=111)", Windows "code=10054".
  { id: 'ovpn.udp-refused', engine: 'openvpn', end: 'client', needles: ['read UDP'],
    re: /read UDP(?:v[46])?(?: \[[A-Z]+\])?: (?:Connection refused|Unknown error|Connection reset by peer(?: \(WSAECONNRESET\))?) \((?:fd=\d+,)?code=(?:111|10054)\)/,
    hits: [c('host/port-not-listening', 0.6), c('net/port-unreachable', 0.5)], repeat: { step: 0.04, max: 0.8 }, group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.server-poll-timeout', engine: 'openvpn', end: 'client', needles: ['Server poll timeout'],
    re: /Server poll timeout/, hits: [c('openvpn/connect-timeout', 0.7), c('openvpn/tls-crypt-mismatch', 0.35), c('net/port-unreachable', 0.3)], group: 'ovpn-tls' },
  { id: 'ovpn.ca-not-loaded', engine: 'openvpn', end: 'any', needles: ['Cannot load CA certificate file'],
    re: /Cannot load CA certificate file/, hits: [c('openvpn/ca-not-loaded', 0.92)] },
  { id: 'ovpn.ca-missing', engine: 'openvpn', end: 'any', needles: ['You must define CA file'],
    re: /You must define CA file \(--ca\) or CA path/, hits: [c('openvpn/ca-not-loaded', 0.88)] },
  // What OpenSSL says about the file comes first ("OpenSSL: error:0480006C:PEM routines::no start line:Expecting:
  // CERTIFICATE", 1.1: "PEM routines:PEM_read_bio:no start line"; a cut block: "bad end line"; a key nothing can
  // decode: "DECODER routines::unsupported"), then OpenVPN's "Cannot load … file": `ovpem` remembers the reason.
  { id: 'ovpn.ctx.pem-no-start', engine: 'openvpn', end: 'any', needles: ['no start line'],
    re: /OpenSSL: error:[0-9A-Fa-f]+:PEM routines:[^:]*:no start line/, sets: { key: 'ovpem', value: 'unreadable' } },
  { id: 'ovpn.ctx.pem-cut', engine: 'openvpn', end: 'any', needles: ['bad end line', 'bad base64 decode', 'short header'],
    re: /OpenSSL: error:[0-9A-Fa-f]+:PEM routines:[^:]*:(?:bad end line|bad base64 decode|short header)/, sets: { key: 'ovpem', value: 'unreadable' } },
  { id: 'ovpn.ctx.key-undecodable', engine: 'openvpn', end: 'any', needles: ['DECODER routines'],
    re: /OpenSSL: error:[0-9A-Fa-f]+:DECODER routines:[^:]*:unsupported/, sets: { key: 'ovpem', value: 'unreadable' } },
  { id: 'ovpn.cert-not-loaded', engine: 'openvpn', end: 'any', needles: ['Cannot load inline certificate file', 'Cannot load certificate file'],
    re: /Cannot load (?:inline )?certificate file/, group: 'ovpn-tls',
    byContext: { key: 'ovpem', cases: { unreadable: [c('cert/cert-unreadable', 0.88), c('openvpn/ca-not-loaded', 0.3)] },
      otherwise: [c('openvpn/ca-not-loaded', 0.6), c('openvpn/cert-key-mismatch', 0.35)] } },
  // OpenSSL 1.1.1+/3.x security level refuses MD5/SHA-1 signatures and small keys, at load time ("ca md too weak",
  // then "Cannot load inline certificate file") or while verifying ("CA signature digest algorithm too weak").
  { id: 'ovpn.weak-certificate', engine: 'openvpn', end: 'any',
    needles: ['md too weak', 'key too small', 'digest algorithm too weak', 'key too weak', 'certificate with a weak hash', 'SSL_CA_MD_TOO_WEAK', 'SSL_CA_KEY_TOO_SMALL', 'SSL_DH_KEY_TOO_SMALL'],
    re: /SSL routines:[^:]*:(?:ca md too weak|ee key too small|ca key too small|dh key too small)|error=(?:CA signature digest algorithm too weak|EE certificate key too weak|CA certificate key too weak)|OpenSSL reported a certificate with a weak hash|SSL_(?:CA_MD_TOO_WEAK|CA_KEY_TOO_SMALL|DH_KEY_TOO_SMALL)/,
    hits: [c('openvpn/weak-certificate', 0.9)], group: 'ovpn-tls', decisive: true, final: true },
  // A passphrase-protected key that could not be decrypted: OpenSSL's reason comes first (1.1 "digital envelope
  // routines:EVP_DecryptFinal_ex:bad decrypt", 3.x "Provider routines::bad decrypt", PKCS#8 "pkcs12 cipherfinal
  // error", no passphrase at all "bad password read"), then "Cannot load private key file". Alone these OpenSSL
  // reasons prove nothing (a data-channel decryption error can leave them too), so they only set the context.
  { id: 'ovpn.ctx.key-decrypt', engine: 'openvpn', end: 'any', needles: ['bad decrypt', 'pkcs12 cipherfinal error', 'bad password read'],
    re: /OpenSSL: error:[0-9A-Fa-f]+:[^:]*:[^:]*:(?:bad decrypt|pkcs12 cipherfinal error|bad password read)/, sets: { key: 'ovkey', value: 'passphrase' } },
  { id: 'ovpn.ctx.key-unreadable', engine: 'openvpn', end: 'any', needles: ['DECODER routines', 'no start line'],
    re: /OpenSSL: error:[0-9A-Fa-f]+:(?:DECODER routines:[^:]*:unsupported|PEM routines:[^:]*:no start line:Expecting: (?:ANY |ENCRYPTED )?PRIVATE KEY)/,
    sets: { key: 'ovkey', value: 'undecodable', keep: ['passphrase'] } },
  { id: 'ovpn.key-load', engine: 'openvpn', end: 'any', needles: ['Cannot load private key file'],
    re: /Cannot load private key file/, group: 'ovpn-tls', decisive: true,
    byContext: { key: 'ovkey', cases: { passphrase: [c('openvpn/key-passphrase', 0.92)], undecodable: [c('cert/key-unreadable', 0.92)] },
      otherwise: [c('openvpn/cert-key-mismatch', 0.9)] } },
  // init.c then prints "Error: private key password verification failed" (auth-retry none) or signals
  // "SIGUSR1[soft,private-key-password-failure]" for ANY failure of init_ssl (key mismatch, unreadable file, CA);
  // after such a load error it adds nothing. Alone (OpenVPN 2.3, Android apps) it most likely is the passphrase.
  { id: 'ovpn.ctx.load-failed', engine: 'openvpn', end: 'any', needles: ['Cannot load private key file', 'Cannot load inline certificate file', 'Cannot load certificate file', 'Cannot load CA certificate file', 'key values mismatch'],
    re: /Cannot load (?:private key|(?:inline )?certificate|CA certificate) file|key values mismatch/, sets: { key: 'ovkey', value: 'loadfail' } },
  { id: 'ovpn.key-password-failed', engine: 'openvpn', end: 'any', needles: ['private key password verification failed', 'private-key-password-failure'],
    re: /Error: private key password verification failed|SIGUSR1\[soft,private-key-password-failure\]/, group: 'ovpn-tls',
    byContext: { key: 'ovkey', cases: { passphrase: [c('openvpn/key-passphrase', 0.9)], loadfail: [] },
      otherwise: [c('openvpn/key-passphrase', 0.6), c('openvpn/cert-key-mismatch', 0.45)] } },
  { id: 'ovpn.key-mismatch', engine: 'openvpn', end: 'any',
    needles: ['wrong tag', 'key values mismatch', 'Private key does not match'],
    re: /asn1 encoding routines:.*wrong tag|key values mismatch|Private key does not match the certificate/,
    hits: [c('openvpn/cert-key-mismatch', 0.9)], group: 'ovpn-tls', decisive: true },
  // The server checks the client's EKU (remote-cert-tls client): the line has the client's address.
  { id: 'ovpn.eku.server-side', engine: 'openvpn', end: 'server',
    needles: ['unsuitable certificate purpose', 'extended key usage', 'VERIFY EKU ERROR', 'VERIFY KU ERROR'],
    re: new RegExp(`${SERVER_PREFIX}(?:VERIFY ERROR: depth=\\d+, error=unsuitable certificate purpose|Certificate does not have extended key usage extension|VERIFY EKU ERROR|VERIFY KU ERROR)`),
    hits: [c('cert/no-eku', 0.85)], group: 'ovpn-tls', decisive: true, final: true },
  { id: 'ovpn.eku.client-side', engine: 'openvpn', end: 'client',
    needles: ['unsuitable certificate purpose', 'extended key usage', 'VERIFY EKU ERROR', 'VERIFY KU ERROR'],
    re: /VERIFY ERROR: depth=\d+, error=unsuitable certificate purpose|Certificate does not have extended key usage extension|VERIFY EKU ERROR|VERIFY KU ERROR/,
    hits: [c('openvpn/server-cert-missing-eku', 0.9), c('cert/no-eku', 0.3)], group: 'ovpn-tls', decisive: true },
  // easy-rsa signs the CRL for 180 days by default; once it lapses the server refuses every client.
  { id: 'ovpn.verify.crl-expired', engine: 'openvpn', end: 'server', needles: ['CRL has expired'],
    re: /VERIFY ERROR: depth=\d+, error=CRL has expired/, hits: [c('openvpn/crl-expired', 0.93), c('host/clock-skew', 0.15)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.verify.issuer', engine: 'openvpn', end: 'any', needles: ['VERIFY ERROR: depth='],
    re: /VERIFY ERROR: depth=\d+, error=(?:unable to get local issuer certificate|self[- ]signed certificate in certificate chain|unable to get issuer certificate|unable to verify the first certificate|certificate signature failure)/,
    hits: [c('cert/wrong-ca', 0.9)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.verify.expired', engine: 'openvpn', end: 'any', needles: ['VERIFY ERROR: depth='],
    re: /VERIFY ERROR: depth=\d+, error=certificate has expired/, hits: [c('cert/expired', 0.92)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.verify.not-yet-valid', engine: 'openvpn', end: 'any', needles: ['VERIFY ERROR: depth='],
    re: /VERIFY ERROR: depth=\d+, error=certificate is not yet valid/, hits: [c('host/clock-skew', 0.8), c('cert/expired', 0.3)], group: 'ovpn-tls', decisive: true },
  // This end's own certificate, checked at start (tls_ctx_check_cert_time); OpenVPN carries on and the
  // peer refuses it, so the warning names the cause before any handshake error does.
  { id: 'ovpn.own-cert.expired', engine: 'openvpn', end: 'any', needles: ['WARNING: Your certificate has expired!'],
    re: /WARNING: Your certificate has expired!/, hits: [c('cert/expired', 0.85), c('host/clock-skew', 0.2)], group: 'ovpn-tls' },
  { id: 'ovpn.own-cert.not-yet-valid', engine: 'openvpn', end: 'any', needles: ['WARNING: Your certificate is not yet valid!'],
    re: /WARNING: Your certificate is not yet valid!/, hits: [c('host/clock-skew', 0.7), c('cert/expired', 0.2)], group: 'ovpn-tls' },
  { id: 'ovpn.verify.revoked', engine: 'openvpn', end: 'any', needles: ['certificate revoked', 'is REVOKED'],
    re: /VERIFY ERROR: depth=\d+, error=certificate revoked|CRL CHECK FAILED: .* is REVOKED/, hits: [c('cert/revoked', 0.92)], group: 'ovpn-tls', decisive: true },
  // ssl_verify.c verify_cert(): the certificate's SHA-256 is not among the `peer-fingerprint` (or `verify-hash`)
  // values. 2.6.0–2.6.9 printed it without the space ("--peer-fingerprintcertificate", "(got fingerprint:").
  { id: 'ovpn.peer-fingerprint', engine: 'openvpn', end: 'any', needles: ['/--peer-fingerprint'],
    re: /TLS Error: --tls-verify\/--peer-fingerprint ?certificate hash verification failed/,
    hits: [c('openvpn/peer-fingerprint-mismatch', 0.92)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.verify.x509name', engine: 'openvpn', end: 'client', needles: ['VERIFY X509NAME ERROR'],
    re: /VERIFY X509NAME ERROR/, hits: [c('openvpn/x509-name-mismatch', 0.9)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.alert.unknown-ca', engine: 'openvpn', end: 'client', needles: ['alert unknown ca'],
    re: /tlsv1 alert unknown ca/, hits: [c('cert/wrong-ca', 0.75)], group: 'ovpn-tls', decisive: true },
  // The peer refused this end's certificate and said why in a TLS alert (OpenSSL 1.1 "ssl3_read_bytes:", 3.x "::").
  { id: 'ovpn.alert.cert-expired', engine: 'openvpn', end: 'any', needles: ['alert certificate expired'],
    re: /SSL routines:[^:]*:sslv3 alert certificate expired/, hits: [c('cert/expired', 0.8), c('host/clock-skew', 0.2)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.alert.cert-revoked', engine: 'openvpn', end: 'any', needles: ['alert certificate revoked'],
    re: /SSL routines:[^:]*:sslv3 alert certificate revoked/, hits: [c('cert/revoked', 0.8)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.alert.bad-cert', engine: 'openvpn', end: 'client', needles: ['alert bad certificate', 'alert certificate unknown'],
    re: /SSL routines:[^:]*:(?:sslv3 alert bad certificate|sslv3 alert certificate unknown)/,
    hits: [c('cert/wrong-ca', 0.5), c('cert/expired', 0.35), c('openvpn/crl-expired', 0.25)], group: 'ovpn-tls' },
  // No TLS version or cipher suite in common: OpenVPN 2.5+ explains the OpenSSL error in its own words first.
  { id: 'ovpn.tls-version', engine: 'openvpn', end: 'any',
    needles: ['Unsupported protocol', 'no TLS ciphersuites in common', 'unsupported protocol', 'no protocols available', 'no shared cipher', 'no ciphers available', 'alert protocol version', 'TLS_VERSION_MIN'],
    re: /TLS error: (?:Unsupported protocol|The server has no TLS ciphersuites in common)|SSL routines:[^:]*:(?:unsupported protocol|no protocols available|no shared cipher|no ciphers available|tlsv1 alert protocol version)|(?:EVENT: |LAST_EVENT=)TLS_VERSION_MIN/,
    hits: [c('openvpn/tls-version-mismatch', 0.88)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.alert.handshake-failure', engine: 'openvpn', end: 'any', needles: ['alert handshake failure'],
    re: /SSL routines:[^:]*:sslv3 alert handshake failure/,
    hits: [c('openvpn/tls-version-mismatch', 0.55), c('openvpn/tls-handshake-failed', 0.4)], group: 'ovpn-tls' },
  { id: 'ovpn.no-peer-cert', engine: 'openvpn', end: 'server', needles: ['peer did not return a certificate'],
    re: /peer did not return a certificate/, hits: [c('openvpn/client-cert-missing', 0.85)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.verify-failed', engine: 'openvpn', end: 'any', needles: ['certificate verify failed'],
    re: /certificate verify failed/,
    hits: [c('openvpn/server-cert-missing-eku', 0.5), c('cert/wrong-ca', 0.45), c('cert/expired', 0.3)], group: 'ovpn-tls' },
  { id: 'ovpn3.cert-verify-fail', engine: 'openvpn', end: 'client', needles: ['CERT_VERIFY_FAIL'],
    re: /(?:EVENT: |LAST_EVENT=)CERT_VERIFY_FAIL/,
    hits: [c('cert/wrong-ca', 0.5), c('cert/expired', 0.35), c('openvpn/server-cert-missing-eku', 0.3), c('host/clock-skew', 0.2)], group: 'ovpn-tls' },
  { id: 'ovpn.tls-handshake-failed', engine: 'openvpn', end: 'any', needles: ['TLS handshake failed'],
    re: /TLS Error: TLS handshake failed/, hits: [c('openvpn/tls-handshake-failed', 0.6)], group: 'ovpn-tls' },
  // tls-auth: "Authenticate/Decrypt packet error: packet HMAC authentication failed" then "TLS Error: incoming packet
  // authentication failed from"; tls-crypt: "tls-crypt unwrap error" then "tls-crypt unwrapping failed from".
  { id: 'ovpn.tls-crypt', engine: 'openvpn', end: 'any',
    needles: ['tls-crypt unwrap', 'tls-crypt unwrapping failed', 'cannot locate HMAC', 'incoming packet authentication failed', 'tls-crypt-v2 client key'],
    re: /tls-crypt unwrap error|tls-crypt unwrapping failed|cannot locate HMAC in incoming packet|incoming packet authentication failed|Can not (?:unwrap|locate) tls-crypt-v2 client key/,
    hits: [c('openvpn/tls-crypt-mismatch', 0.88)], group: 'ovpn-tls', decisive: true },
  // Alone (without the TLS Error line) the same HMAC failure is the data channel: `auth` digests differ.
  { id: 'ovpn.hmac-failed', engine: 'openvpn', end: 'any', needles: ['HMAC authentication failed'],
    re: /Authenticate\/Decrypt packet error: (?:packet )?HMAC authentication failed/,
    hits: [c('openvpn/tls-crypt-mismatch', 0.7), c('openvpn/cipher-mismatch', 0.35)], group: 'ovpn-tls' },
  { id: 'ovpn.unrecognized-option', engine: 'openvpn', end: 'any', needles: ['Unrecognized option or missing'],
    re: /Unrecognized option or missing (?:or extra )?parameter\(s\) in (?:[^[]|\[CMD-LINE\])/, hits: [c('openvpn/unrecognized-option', 0.9)] },
  // A pushed option this client does not know ("in [PUSH-OPTIONS]:4: block-outside-dns") is ignored and the
  // tunnel comes up: not a rule. A referenced file that is not there is.
  { id: 'ovpn.file-missing', engine: 'openvpn', end: 'any', needles: ['fails with', 'Error opening configuration file', 'auth file'],
    re: /Options error: --[\w-]+ fails with '[^']*': No such file or directory|Options error: In .*Error opening configuration file|Error opening '[^']*' auth file: No such file or directory/,
    hits: [c('openvpn/file-not-found', 0.85)] },
  // OpenVPN over TCP (socket.c): once "TCP connection established with" was logged, a "Connection reset,
  // restarting [0]" (EOF) or [-1] (error) is the TCP connection being closed or reset, not a keepalive timeout.
  { id: 'ovpn.ctx.tcp', engine: 'openvpn', end: 'client', needles: ['TCP connection established with', 'link remote: [AF_INET'],
    re: /TCP connection established with|TCPv[46]_CLIENT link remote:/, sets: { key: 'ovproto', value: 'tcp' } },
  { id: 'ovpn.tcp-read-reset', engine: 'openvpn', end: 'any', needles: ['read TCP', 'WSAECONNRESET', 'WSAETIMEDOUT', 'read_tcp'],
    re: /read(?:_tcp| TCPv[46](?:_CLIENT|_SERVER)?)(?: \[[A-Z]+\])?:? .*(?:Connection reset by peer|WSAECONNRESET|Connection timed out|WSAETIMEDOUT)/,
    hits: [c('openvpn/tcp-reset', 0.7), c('openvpn/keepalive-timeout', 0.3)], final: true },
  { id: 'ovpn.tcp-connect', engine: 'openvpn', end: 'client', needles: ['TCP: connect to'],
    re: /TCP: connect to \S+ failed/, hits: [c('openvpn/tcp-connect-failed', 0.85)] },
  { id: 'ovpn.bind-failed', engine: 'openvpn', end: 'server', needles: ['Socket bind failed'],
    re: /Socket bind failed on local address/, hits: [c('host/port-conflict', 0.85)], final: true },
  // OpenVPN 2.6 refuses a client without a shared data cipher through the AUTH_FAILED channel
  // ("AUTH_FAILED,Data channel cipher negotiation failed (no shared cipher)"): a cipher fault, not a password.
  { id: 'ovpn.auth-failed.cipher', engine: 'openvpn', end: 'any', needles: ['cipher negotiation failed'],
    re: /AUTH_FAILED,Data channel cipher negotiation failed/, hits: [c('openvpn/cipher-mismatch', 0.95)],
    group: 'ovpn-auth', decisive: true, final: true },
  { id: 'ovpn.locked-out', engine: 'openvpn', end: 'any', needles: ['AUTH_FAILED'],
    re: /AUTH_FAILED.*(?:[Ll]ocked|锁定)/, hits: [c('openvpn/locked-out', 0.92)], group: 'ovpn-auth', decisive: true, final: true },
  { id: 'ovpn.auth-failed', engine: 'openvpn', end: 'any', needles: ['AUTH_FAILED'],
    re: /(?:^|[\s':])AUTH_FAILED(?:[,:'\s]|$)/,
    hits: [c('openvpn/auth-failed', 0.88), c('openvpn/locked-out', 0.25)], group: 'ovpn-auth' },
  { id: 'ovpn.auth-verify-failed', engine: 'openvpn', end: 'server',
    needles: ['verification failed for peer', 'auth-user-pass-verify', 'MULTI: connection rejected', 'auth-token authentication failed'],
    re: /Username\/Password verification failed for peer|Failed running command \(--auth-user-pass-verify\)|MULTI: connection rejected|Username\/auth-token authentication failed for username/,
    hits: [c('openvpn/auth-failed', 0.8)], group: 'ovpn-auth' },
  // ssl_verify.c verify_final_auth_checks(): `ccd-exclusive` and no readable file for the common name; the
  // client is then refused with a plain AUTH_FAILED.
  { id: 'ovpn.ccd-exclusive', engine: 'openvpn', end: 'server', needles: ['--client-config-dir authentication failed'],
    re: /TLS Auth Error: --client-config-dir authentication failed for common name/,
    hits: [c('openvpn/ccd-missing', 0.9)], group: 'ovpn-auth', decisive: true },
  { id: 'ovpn.auth-not-provided', engine: 'openvpn', end: 'server', needles: ['was not provided by peer'],
    re: /Auth Username\/Password was not provided by peer/, hits: [c('openvpn/credentials-missing', 0.85)], group: 'ovpn-tls', decisive: true },
  { id: 'ovpn.cipher', engine: 'openvpn', end: 'any',
    needles: ['failed to negotiate cipher', 'No common cipher', 'Unsupported cipher'],
    re: /failed to negotiate cipher with (?:server|peer)|No common cipher between server and client|Unsupported cipher in --data-ciphers/,
    hits: [c('openvpn/cipher-mismatch', 0.9)] },
  // OpenSSL 3 without the legacy provider has no BF-CBC (2.4: "Cipher algorithm 'x' not found", then this line).
  { id: 'ovpn.cipher-unavailable', engine: 'openvpn', end: 'any', needles: ['Cipher '],
    re: /(?:^|\s)Cipher [\w-]+ not supported$|Cipher algorithm '[\w-]+' not found/, hits: [c('openvpn/cipher-mismatch', 0.85)] },
  // Data channel offload (2.6) cannot carry compression, fragment or CBC ciphers that a server pushes.
  { id: 'ovpn.dco', engine: 'openvpn', end: 'any',
    needles: ['incompatible with data channel offload', 'incompatible DCO options', 'not allowed since data-channel offloading'],
    re: /pushed options are incompatible with data channel offload|client has been rejected due to incompatible DCO options|compression stub framing is not allowed since data-channel offloading is enabled/,
    hits: [c('openvpn/dco-incompatible', 0.9)], final: true },
  { id: 'ovpn.compression', engine: 'openvpn', end: 'any',
    needles: ['decompression header byte', 'pushed compression settings that are not allowed'],
    re: /Bad (?:LZO|LZ4|compression stub) decompression header byte|server pushed compression settings that are not allowed/,
    hits: [c('openvpn/compression-mismatch', 0.7)], repeat: { step: 0.02, max: 0.85 } },
  // Packets larger than the path or than the peer's tun-mtu.
  { id: 'ovpn.mtu', engine: 'openvpn', end: 'any', needles: ['EMSGSIZE Path-MTU=', 'Bad encapsulated packet length'],
    re: /\[EMSGSIZE Path-MTU=\d+\]: Message too long|Bad encapsulated packet length from peer/,
    hits: [c('openvpn/mtu-mismatch', 0.6), c('net/mtu-blackhole', 0.4)], repeat: { step: 0.02, max: 0.75 } },
  // The server drops packets whose source is neither the client's tunnel address nor one of its iroutes.
  // IPv6 link-local sources (fe80::…) of clients that only got IPv4 are harmless noise: only IPv4 counts.
  { id: 'ovpn.bad-source', engine: 'openvpn', end: 'server', needles: ['bad source address from client'],
    re: /MULTI: bad source address from client \[[0-9]{1,3}(?:\.[0-9]{1,3}){3}\]/,
    hits: [c('openvpn/bad-source-address', 0.5)], repeat: { step: 0.02, max: 0.75 } },
  { id: 'ovpn.cipher-final', engine: 'openvpn', end: 'any', needles: ['cipher final failed'],
    re: /cipher final failed/, hits: [c('openvpn/cipher-mismatch', 0.55)], repeat: { step: 0.03, max: 0.7 } },
  { id: 'ovpn.no-push-reply', engine: 'openvpn', end: 'client', needles: ['No reply from server'],
    re: /No reply from server (?:to push requests|after sending)/, hits: [c('openvpn/no-push-reply', 0.85)] },
  { id: 'ovpn.ping-restart', engine: 'openvpn', end: 'any',
    needles: ['Inactivity timeout (--ping-restart)', 'Inactivity timeout (--ping-exit)', 'KEEPALIVE_TIMEOUT'],
    re: /Inactivity timeout \(--ping-(?:restart|exit)\)|(?:EVENT: |LAST_EVENT=)KEEPALIVE_TIMEOUT/, hits: [c('openvpn/keepalive-timeout', 0.55)] },
  { id: 'ovpn.connection-reset', engine: 'openvpn', end: 'any', needles: ['Connection reset, restarting'],
    re: /Connection reset, restarting/,
    byContext: { key: 'ovproto', cases: { tcp: [c('openvpn/tcp-reset', 0.7), c('openvpn/keepalive-timeout', 0.3)] },
      otherwise: [c('openvpn/keepalive-timeout', 0.55), c('openvpn/tcp-reset', 0.35)] } },
  // The restart signal names the reason (init.c/sig.c). Each reason has its own, better line, which may be missing
  // (lower verbosity, a log cut short): then the signal alone still says which phase failed.
  { id: 'ovpn.sigusr1.tls-error', engine: 'openvpn', end: 'any', needles: ['SIGUSR1[soft,tls-error]'],
    re: /SIGUSR1\[soft,tls-error\] received/, hits: [c('openvpn/tls-handshake-failed', 0.4), c('openvpn/connect-timeout', 0.35)], group: 'ovpn-tls' },
  { id: 'ovpn.sigusr1.connection-failed', engine: 'openvpn', end: 'client', needles: [',connection-failed]'],
    re: /SIGUSR1\[connection failed\(soft\),connection-failed\] received/, hits: [c('openvpn/tcp-connect-failed', 0.45)] },
  { id: 'ovpn.sigusr1.other', engine: 'openvpn', end: 'any', needles: ['SIGUSR1[soft,'],
    re: /SIGUSR1\[soft,(?:ping-restart|connection-reset|server_poll|init_instance|dco[\w-]*)\] received/,
    hits: [c('openvpn/keepalive-timeout', 0.35)] },
  { id: 'ovpn.resolve', engine: 'openvpn', end: 'client', needles: ['Cannot resolve host address'],
    re: /RESOLVE: Cannot resolve host address/, hits: [c('openvpn/resolve-failed', 0.85), c('net/ddns-stale', 0.4)] },
  // Windows: the interactive service answers "element not found" (status=1168) when the adapter is gone.
  { id: 'ovpn.win-adapter-missing', engine: 'openvpn', end: 'client', needles: ['failed using service'],
    re: /failed using service: .*\[status=1168 /, hits: [c('host/tun-unavailable', 0.7)], final: true },
  { id: 'ovpn.tun', engine: 'openvpn', end: 'any',
    needles: ['Cannot open TUN', 'TUNSETIFF', 'adapters on this system', 'Cannot allocate TUN/TAP dev', 'TUN_SETUP_FAILED', 'TUN_IFACE_CREATE'],
    re: /Cannot open TUN|Cannot ioctl TUNSETIFF|There are no TAP-Win(?:dows|32) adapters on this system|All \S+ adapters on this system are currently in use|Cannot allocate TUN\/TAP dev dynamically|(?:EVENT: |LAST_EVENT=)TUN_(?:SETUP_FAILED|IFACE_CREATE)/,
    hits: [c('host/tun-unavailable', 0.85)] },
  { id: 'ovpn.ifconfig', engine: 'openvpn', end: 'any', needles: ['ip addr add failed', 'adding address failed using service', 'ifconfig failed'],
    re: /Linux ip addr add failed|TUN: adding address failed using service|(?:Linux|FreeBSD|Mac OS X|NetBSD|OpenBSD) ifconfig failed/,
    hits: [c('host/tun-unavailable', 0.6)] },
  { id: 'ovpn.route', engine: 'openvpn', end: 'client',
    needles: ['route add command failed', 'rtnl: generic error (-17)', 'route addition failed using', 'Some routes were not successfully added'],
    re: /route add command failed|sitnl_send: rtnl: generic error \(-17\): File exists|ERROR: route addition failed using (?:service|CreateIpForwardEntry)|Some routes were not successfully added/,
    hits: [c('openvpn/route-conflict', 0.6)] },
  { id: 'ovpn.init-completed', engine: 'openvpn', end: 'any', needles: ['Initialization Sequence Completed'],
    re: /Initialization Sequence Completed/, heals: ['openvpn/*', '!openvpn/route-conflict', 'net/*', 'cert/*', 'host/clock-skew'] },
];
