/**
 * The password field of an OpenVPN client carries the second factor in one of two shapes:
 * - static-challenge clients send `SCRV1:<base64 password>:<base64 response>`;
 * - others type the code after the password: `secret123456`.
 */
export interface SplitCredentials {
  password: string;
  /** the one-time code when a second factor was expected or sent via static-challenge */
  code: string | undefined;
}

export function splitCredentials(raw: string, expectCode: boolean): SplitCredentials {
  if (raw.startsWith('SCRV1:')) {
    const [, pw = '', resp = ''] = raw.split(':');
    return { password: Buffer.from(pw, 'base64').toString('utf8'), code: Buffer.from(resp, 'base64').toString('utf8').trim() };
  }
  if (expectCode) {
    const m = /^([\s\S]*?)(\d{6})$/.exec(raw);
    if (m) return { password: m[1] ?? '', code: m[2] };
    return { password: raw, code: undefined };
  }
  return { password: raw, code: undefined };
}
