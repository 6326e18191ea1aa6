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
  // Also the RRAS server's RemoteAccess event 20271 ("… failed an authentication attempt due to the following reason: …").
  { id: 'win.691.text', engine: 'windows', end: 'client',
    needles: ['is not valid on this domain', 'is not recognized', '在此域上无效'],
    re: /user name and\/or password is not valid on this domain|user name and password combination you provided is not recognized|用户名(?:和\/或|或)密码在此域上无效/,
    hits: [c('rras/691', 0.8)] },
  { id: 'win.619.text', engine: 'windows', end: 'client', needles: ['port used for this connection was closed', '用于此连接的端口已关闭'],
    re: /A connection to the remote computer could not be established, so the port used for this connection was closed|无法建立到远程计算机的连接，因此用于此连接的端口已关闭/,
    hits: [c('rras/619', 0.75)] },
  { id: 'win.800.text', engine: 'windows', end: 'client', needles: ['because the attempted VPN tunnels failed'],
    re: /The remote connection was not made because the attempted VPN tunnels failed/, hits: [c('rras/800', 0.75)] },
  { id: 'win.807.text', engine: 'windows', end: 'client', needles: ['and the VPN server was interrupted'],
    re: /network connection between your computer and the VPN server was interrupted/, hits: [c('rras/807', 0.7)] },
  // raserror.h 787/788/789 (ERROR_OAKLEY_*): the IKEv1 part of L2TP/IPsec.
  { id: 'win.787.text', engine: 'windows', end: 'client', needles: ['security layer could not authenticate the remote computer'],
    re: /L2TP connection attempt failed because the security layer could not authenticate the remote computer/, hits: [c('rras/787', 0.75)] },
  { id: 'win.788.text', engine: 'windows', end: 'client', needles: ['could not negotiate compatible parameters'],
    re: /L2TP connection attempt failed because the security layer could not negotiate compatible parameters/, hits: [c('rras/788', 0.75)] },
  { id: 'win.789.text', engine: 'windows', end: 'client', needles: ['encountered a processing error during initial negotiations', 'L2TP 连接尝试失败'],
    re: /L2TP connection attempt failed because the security layer encountered a processing error during initial negotiations|L2TP 连接尝试失败，因为安全层.{0,40}处理错误/,
    hits: [c('rras/789', 0.75)] },
  // Client dialog and the RRAS server's RemoteAccess events 20225/20271.
  { id: 'win.812.text', engine: 'windows', end: 'any', needles: ['because of a policy configured on your RAS/VPN server', 'RAS/VPN 服务器上配置的策略'],
    re: /connection was prevented because of a policy configured on your RAS\/VPN server|由于 ?RAS\/VPN 服务器上配置的策略，连接被阻止/, hits: [c('rras/812', 0.8)] },
  { id: 'win.868.text', engine: 'windows', end: 'client', needles: ['name of the remote access server did not resolve'],
    re: /remote connection was not made because the name of the remote access server did not resolve/, hits: [c('rras/868', 0.8)] },
  { id: 'win.806.text', engine: 'windows', end: 'client', needles: ['Generic Routing Encapsulation', '通用路由封装'],
    re: /Generic Routing Encapsulation \(GRE\)|通用路由封装/, hits: [c('rras/806', 0.8)] },
  { id: 'win.809.text', engine: 'windows', end: 'client', needles: ['remote server is not responding', '远程服务器未响应', '远程服务器没有响应'],
    re: /remote server is not responding|远程服务器未响应|远程服务器没有响应/, hits: [c('rras/809', 0.6)] },
  { id: 'win.13801.text', engine: 'windows', end: 'client', needles: ['IKE authentication credentials are unacceptable', '身份验证凭据不可接受'],
    re: /IKE authentication credentials are unacceptable|IKE ?身份验证凭据不可接受/, hits: [c('rras/13801', 0.85)] },
];
