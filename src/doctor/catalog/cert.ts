import { A } from './common.js';
import { entry } from './types.js';
import type { CatalogEntry } from './types.js';

/* Certificate checks of the PKI (seeds/004 §3.1.2–3.1.5). */
export const CERT: CatalogEntry[] = [
  entry('cert/expiring', 'warning',
    ['Certificate expires soon', '证书即将过期'],
    ['A certificate in use expires within 30 days.', '正在使用的证书将在 30 天内过期。'],
    [['Issued long ago and not renewed.', '很久以前签发且未续期。']],
    [A.reissue]),
  entry('cert/expired', 'error',
    ['Certificate expired', '证书已过期'],
    ['A certificate in use is past its validity, so peers reject it.', '正在使用的证书已过期，对端会拒绝。'],
    [['Not renewed in time.', '未及时续期。'], ['Wrong clock on the verifying side.', '验证方的系统时间错误。']],
    [A.reissue, ['Check the clock with `corridor doctor`.', '用 `corridor doctor` 检查系统时间。']]),
  entry('cert/no-eku', 'error',
    ['Certificate lacks the needed extended key usage', '证书缺少所需的扩展密钥用法'],
    ['A server certificate without serverAuth (or a client certificate without clientAuth) is refused by OpenVPN (remote-cert-tls) and Windows IKEv2.', '缺少 serverAuth 的服务端证书（或缺少 clientAuth 的客户端证书）会被 OpenVPN（remote-cert-tls）和 Windows IKEv2 拒绝。'],
    [['Made with plain OpenSSL without extendedKeyUsage.', '用 OpenSSL 直接签发且未设置 extendedKeyUsage。']],
    [['Re-issue with `corridor pki issue` (sets the EKU) and check with `corridor pki inspect FILE`.', '用 `corridor pki issue` 重新签发（会设置扩展密钥用法），并用 `corridor pki inspect FILE` 检查。']]),
  entry('cert/key-mismatch', 'error',
    ['Certificate and private key do not match', '证书与私钥不匹配'],
    ['The private key does not belong to the certificate, or is missing.', '私钥与证书不配对，或私钥缺失。'],
    [['Files of different issues mixed up.', '混用了不同批次签发的文件。']],
    [A.pkiInspect, A.reissue]),
  entry('cert/wrong-ca', 'error',
    ['Certificate from another CA', '证书由其他 CA 签发'],
    ['The certificate was not issued by the CA the other side trusts ("unable to get local issuer certificate", "unknown ca").', '证书不是由对方信任的 CA 签发的（“unable to get local issuer certificate”、“unknown ca”）。'],
    [['An old profile or certificate from before the CA was replaced.', 'CA 更换前的旧配置或旧证书。'], ['An easy-rsa CA that was not imported.', '未导入的 easy-rsa CA。']],
    [['Import the CA with `corridor pki import-easyrsa DIR` (PKI page), or re-issue from Corridor\'s CA with `corridor pki issue`; users re-download with `corridor user profile NAME`.', '用 `corridor pki import-easyrsa DIR`（“证书（PKI）”页面）导入该 CA，或用 `corridor pki issue` 从 Corridor 的 CA 重新签发；用户用 `corridor user profile NAME` 重新下载配置。']]),
  entry('cert/revoked', 'error',
    ['Certificate revoked', '证书已吊销'],
    ['The certificate is on the revocation list.', '该证书在吊销列表中。'],
    [['Revoked with `corridor pki revoke` (lost device, departed user).', '已被 `corridor pki revoke` 吊销（设备丢失、员工离职）。']],
    [A.reissue]),
];
