import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLang, localizeValidation, validationError, notFound } from './errors.js';

test('the error language: Accept-Language by weight first, then the administrator\'s setting, else English', () => {
  assert.equal(errorLang('zh-CN,zh;q=0.9,en;q=0.8', 'en'), 'zh-CN');
  assert.equal(errorLang('en-US,en;q=0.9,zh-CN;q=0.8', 'zh-CN'), 'en');
  assert.equal(errorLang('fr-FR, zh;q=0.5', undefined), 'zh-CN', 'the first language Corridor speaks');
  assert.equal(errorLang('fr-FR', 'zh-CN'), 'zh-CN', 'no usable header: the admin setting');
  assert.equal(errorLang(undefined, undefined), 'en');
  assert.equal(errorLang('zh;q=0, en', 'zh-CN'), 'en', 'q=0 means not acceptable');
});

test('validation answers in Chinese: field rules, zod defaults, values kept; unknown messages stay English', () => {
  const err = validationError([
    { path: 'name', message: 'lower-case letters, digits and inner hyphens only (e.g. "branch-shanghai")' },
    { path: 'addresses.0', message: 'must be an IP address or a DNS name' },
    { path: 'port', message: 'Invalid input: expected number, received string' },
    { path: 'lanSubnets.0', message: 'overlaps the address pool 198.19.99.0/24 of server "staff"' },
    { path: 'x', message: 'something new' },
  ]);
  const zh = localizeValidation(err, 'zh-CN');
  assert.deepEqual(zh.issues.map((i) => i.message), [
    '只能用小写字母、数字和中间的连字符（例如 "branch-shanghai"）',
    '必须是 IP 地址或 DNS 名称',
    '输入无效：应为数字，收到字符串',
    '与服务器 "staff" 的地址池 198.19.99.0/24 重叠',
    'something new',
  ]);
  assert.deepEqual(zh.issues.map((i) => i.path), ['name', 'addresses.0', 'port', 'lanSubnets.0', 'x']);
  assert.match(zh.message, /^输入无效：name：只能用/);
  assert.deepEqual(localizeValidation(err, 'en'), { message: err.message, issues: err.issues });
  const nf = notFound('site "x"');
  assert.equal(localizeValidation(nf, 'zh-CN').message, nf.message, 'only validation answers are rendered');
});

test('zod 4\'s own English messages all have a Chinese rendering', async () => {
  const { z } = await import('zod');
  const { zodIssues } = await import('./errors.js');
  const r = z.object({ a: z.number(), b: z.string().min(3), c: z.enum(['x', 'y']), d: z.array(z.string()).max(1), e: z.int().min(1) }).strict()
    .safeParse({ a: '1', b: 'x', c: 'z', d: ['a', 'b'], e: 0, f: 1 });
  assert.ok(!r.success);
  const zh = localizeValidation(validationError(zodIssues(r.error)), 'zh-CN').issues.map((i) => i.message);
  assert.equal(zh.length, 6);
  for (const m of zh) assert.doesNotMatch(m, /[A-Za-z]{4,}/, `still English: ${m}`);
});
