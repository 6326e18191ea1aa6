export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
/** id-kp-ipsecIKE intermediate (RFC 4945 §5.1.3.12); some IKE peers (Windows, macOS) look for it. */
export const EKU_IKE_INTERMEDIATE = '1.3.6.1.5.5.8.2.2';
export const EKU_NAMES: Record<string, string> = {
  [EKU_SERVER_AUTH]: 'serverAuth',
  [EKU_CLIENT_AUTH]: 'clientAuth',
  [EKU_IKE_INTERMEDIATE]: 'ipsecIkeIntermediate',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};
export const OID_CRL_NUMBER = '2.5.29.20';
