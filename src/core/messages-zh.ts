/**
 * Chinese renderings of the validation messages the store produces (field rules, cross-resource rules and
 * zod's own English defaults), for API answers to a Chinese request. A message not listed stays English:
 * the field path still names what to fix.
 */
const EXACT: Record<string, string> = {
  'invalid input': '输入无效',
  'lower-case letters, digits and inner hyphens only (e.g. "branch-shanghai")': '只能用小写字母、数字和中间的连字符（例如 "branch-shanghai"）',
  'letters, digits and . _ @ - (not at the ends)': '只能用字母、数字和 . _ @ -（不能在首尾）',
  'must not contain control characters': '不能包含控制字符',
  'no control characters': '不能包含控制字符',
  'not a valid DNS name': '不是有效的 DNS 名称',
  'not an IP address': '不是 IP 地址',
  'not an IPv4 address': '不是 IPv4 地址',
  'must be an IP address or a DNS name': '必须是 IP 地址或 DNS 名称',
  'an IP address or DNS name': 'IP 地址或 DNS 名称',
  'at least one address or DNS name': '至少需要一个地址或 DNS 名称',
  'not a CIDR prefix (e.g. 198.19.1.0/24)': '不是 CIDR 网段（例如 198.19.1.0/24）',
  'must be an IPv4 prefix': '必须是 IPv4 网段',
  'letters, digits and . _ @ : + / = - only (no spaces); e.g. "hq.example.com" or an IP': '只能用字母、数字和 . _ @ : + / = -（不含空格）；例如 "hq.example.com" 或 IP 地址',
  'at least 8 characters': '至少 8 个字符',
  'printable ASCII only (no line breaks or non-ASCII characters)': '只能用可打印 ASCII 字符（不含换行或非 ASCII 字符）',
  'ports like "443", "80,443" or "1000-2000"': '端口格式如 "443"、"80,443" 或 "1000-2000"',
  'a Linux interface name (1-15 characters)': 'Linux 接口名（1-15 个字符）',
  'a network namespace name': '网络命名空间名称',
  'not a network namespace name': '不是网络命名空间名称',
  'MOBIKE exists only in IKEv2': 'MOBIKE 仅用于 IKEv2',
  'at most four DDNS providers per WAN link': '每条 WAN 链路最多四个 DDNS 服务',
  'pool too small: use /29 or larger': '地址池太小：请用 /29 或更大',
  'ports need protocol tcp or udp': '指定端口时协议必须是 tcp 或 udp',
  'required when auth is "cert"': '认证方式为 "cert" 时必填',
  'required': '必填',
  'Invalid input': '输入无效',
  'Invalid URL': '无效的 URL',
};

const TYPES: Record<string, string> = { string: '字符串', number: '数字', boolean: '布尔值', array: '数组', object: '对象', undefined: '空', null: 'null', int: '整数' };
const type = (t: string) => TYPES[t] ?? t;

/** zod 4's English defaults and the store's messages that carry a value */
const PATTERNS: Array<[RegExp, (...m: string[]) => string]> = [
  [/^Invalid input: expected (\w+), received (\w+)$/, (e, r) => `输入无效：应为${type(e!)}，收到${type(r!)}`],
  [/^Invalid option: expected one of (.+)$/, (o) => `无效选项：应为 ${o} 之一`],
  [/^Too small: expected (\w+) to have >=?(\d+) (characters|items)$/, (_t, n, u) => `太短：至少 ${n} ${u === 'items' ? '项' : '个字符'}`],
  [/^Too big: expected (\w+) to have <=?(\d+) (characters|items)$/, (_t, n, u) => `太长：最多 ${n} ${u === 'items' ? '项' : '个字符'}`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (n) => `太小：至少为 ${n}`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (n) => `太大：最多为 ${n}`],
  [/^Unrecognized keys?: (.+)$/, (k) => `无法识别的字段：${k}`],
  [/^Invalid string: must match pattern .+$/, () => '格式不正确'],
  [/^(\w+) "(.+)" not found$/, (kind, name) => `${kind} "${name}" 不存在`],
  [/^no (\w[\w -]*) named "(.+)"$/, (kind, name) => `没有名为 "${name}" 的 ${kind}`],
  [/^overlaps the address pool (\S+) of server "(.+)"$/, (pool, s) => `与服务器 "${s}" 的地址池 ${pool} 重叠`],
  [/^overlaps LAN subnet (\S+) of gateway "(.+)"$/, (lan, g) => `与网关 "${g}" 的局域网子网 ${lan} 重叠`],
  [/^(\S+) overlaps the address pool (\S+) of server "(.+)"$/, (r, pool, s) => `${r} 与服务器 "${s}" 的地址池 ${pool} 重叠`],
];

export function toChinese(message: string): string {
  const exact = EXACT[message];
  if (exact) return exact;
  for (const [re, render] of PATTERNS) {
    const m = re.exec(message);
    if (m) return render(...m.slice(1));
  }
  return message;
}
