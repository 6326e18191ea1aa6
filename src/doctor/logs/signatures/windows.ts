import type { Candidate, Signature } from '../types.js';

/*
 * Windows RAS / dial-up messages, English and Chinese: the error dialog ("Error 691: …",
 * "错误 691：…"), the RasClient event 20227 ("The error code returned on failure is 691." /
 * "失败时返回的错误代码为 691。") and the message texts themselves.
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });

export const WINDOWS: Signature[] = [
  { id: 'win.error-number', engine: 'windows', end: 'client', needles: ['rror', 'ERROR', '错误'],
    re: /(?:[Ee]rror|ERROR|错误)(?: ?code| ?代码)?(?: returned on failure is|为|是)?[ \t]*[:：]?[ \t]*(6[0-9]{2}|7[0-9]{2}|8[0-9]{2}|138[0-9]{2})\b/,
    codeFromMatch: { template: 'rras/$1', fallback: 'rras/other', confidence: 0.9 } },
  { id: 'win.691.text', engine: 'windows', end: 'client',
    needles: ['is not valid on this domain', 'is not recognized', '在此域上无效'],
    re: /user name and\/or password is not valid on this domain|user name and password combination you provided is not recognized|用户名和\/或密码在此域上无效/,
    hits: [c('rras/691', 0.8)] },
  { id: 'win.806.text', engine: 'windows', end: 'client', needles: ['Generic Routing Encapsulation', '通用路由封装'],
    re: /Generic Routing Encapsulation \(GRE\)|通用路由封装/, hits: [c('rras/806', 0.8)] },
  { id: 'win.809.text', engine: 'windows', end: 'client', needles: ['remote server is not responding', '远程服务器未响应', '远程服务器没有响应'],
    re: /remote server is not responding|远程服务器未响应|远程服务器没有响应/, hits: [c('rras/809', 0.6)] },
  { id: 'win.13801.text', engine: 'windows', end: 'client', needles: ['IKE authentication credentials are unacceptable', '身份验证凭据不可接受'],
    re: /IKE authentication credentials are unacceptable|IKE ?身份验证凭据不可接受/, hits: [c('rras/13801', 0.85)] },
];
