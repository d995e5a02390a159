import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { der } from './der.js';

export interface LocalCertificate {
  /** PEM certificate; callers trust it (`https.Agent({ ca })` or `NODE_EXTRA_CA_CERTS`) to reach the HTTPS side. */
  certificate: string;
  privateKey: string;
}

const oid = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  subjectAltName: '2.5.29.17',
};

const loopbackV4 = Buffer.from([127, 0, 0, 1]);

/**
 * A self-signed P-256 certificate for `localhost` and `127.0.0.1`, made fresh at every start. The Azure SDKs send
 * bearer tokens only over https, so the emulator needs one; node:crypto signs but cannot build certificates, hence
 * the few lines of DER.
 */
export function createLocalCertificate(now: Date): LocalCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = der.sequence(
    der.set(der.sequence(der.objectIdentifier(oid.commonName), der.utf8String('localhost'))),
  );
  const signatureAlgorithm = der.sequence(der.objectIdentifier(oid.ecdsaWithSha256));
  const day = 24 * 60 * 60 * 1000;
  const extensions = der.sequence(
    der.sequence(
      der.objectIdentifier(oid.basicConstraints),
      der.boolean(true),
      der.octetString(der.sequence(der.boolean(true))),
    ),
    der.sequence(
      der.objectIdentifier(oid.subjectAltName),
      der.octetString(
        der.sequence(
          der.implicitPrimitive(2, Buffer.from('localhost', 'ascii')),
          der.implicitPrimitive(7, loopbackV4),
        ),
      ),
    ),
  );
  const toBeSigned = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(randomBytes(16)),
    signatureAlgorithm,
    name,
    // A day of slack either side keeps small clock differences between processes harmless.
    der.sequence(
      der.utcTime(new Date(now.getTime() - day)),
      der.utcTime(new Date(now.getTime() + 365 * day)),
    ),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, extensions),
  );
  const signature = sign('sha256', toBeSigned, privateKey);
  const certificate = der.sequence(toBeSigned, signatureAlgorithm, der.bitString(signature));
  return {
    certificate: toPem('CERTIFICATE', certificate),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
