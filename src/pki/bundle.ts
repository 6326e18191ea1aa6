/** The client bundle handed to a user: their key, their certificate and the CA, in that order (what `--config`-less clients and NetworkManager import). */
export function clientBundle(material: { keyPem: string; certPem: string }, caCertPem: string): string {
  const block = (pem: string): string => (pem.endsWith('\n') ? pem : `${pem}\n`);
  return block(material.keyPem) + block(material.certPem) + block(caCertPem);
}
