// A private CA and a serving certificate for the webhook Service (ECDSA P-256, webcrypto, @peculiar/x509).
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface WebhookCertificates {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** DNS names in the serving certificate */
  dnsNames: string[];
}

/** The names the API server may use to reach `service` in `namespace`. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

export async function generateWebhookCertificates(opts: { dnsNames: string[]; ipAddresses?: string[]; days?: number; now?: Date }): Promise<WebhookCertificates> {
  const now = opts.now ?? new Date();
  const notAfter = new Date(now.getTime() + (opts.days ?? 365) * 86_400_000);
  const notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate clock skew between nodes
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=drydock-admission-ca',
    keys: caKeys,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const san = [...opts.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...(opts.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value }))];
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${opts.dnsNames[0] ?? 'drydock-admission'}`,
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(san),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return {
    caCert: ca.toString('pem'),
    caKey: await pkcs8Pem(caKeys.privateKey),
    cert: cert.toString('pem'),
    key: await pkcs8Pem(keys.privateKey),
    dnsNames: opts.dnsNames,
  };
}
