/**
 * Key pairs (ec2-api `key_pair.py` over nova's keypairs): CreateKeyPair makes a 2048-bit RSA key
 * and returns its PEM private key (`keyMaterial`), ImportKeyPair takes a base64 OpenSSH public
 * key, fingerprints are nova's (MD5 of the key blob, colon-separated hex), DeleteKeyPair answers
 * true even for a name that does not exist (as AWS and ec2-api do).
 */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { type Args, required, str, strings } from '../args.js';
import type { Action, Ec2Context } from '../context.js';
import { checkFilterNames, type FilterMap, matches, parseFilters } from '../describe.js';
import { Ec2Fault, invalidParameterValue, notFound } from '../errors.js';
import type { KeyPair } from '../state.js';
import type { XmlObject } from '../xml.js';

const KEY_PAIR_FILTERS: FilterMap = { fingerprint: 'keyFingerprint', 'key-name': 'keyName' };

function format(keyPair: KeyPair): XmlObject {
  return { keyName: keyPair.name, keyFingerprint: keyPair.fingerprint };
}

function keyName(args: Args): string {
  const name = required(str(args, 'key_name'), 'key_name');
  if (name.length > 255) {
    throw invalidParameterValue(name, 'KeyName', 'lenght is exceeds maximum of 255');
  }
  return name;
}

function add(context: Ec2Context, name: string, publicKey: string, blob: Buffer): KeyPair {
  if (context.cloud.keyPairs.has(name)) {
    throw new Ec2Fault('InvalidKeyPair.Duplicate', `Key pair '${name}' already exists.`);
  }
  const keyPair = { name, publicKey, fingerprint: fingerprint(blob) };
  context.cloud.keyPairs.set(name, keyPair);
  return keyPair;
}

/** Nova's fingerprint: MD5 of the OpenSSH key blob, as `aa:bb:…`. */
function fingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) as string[]).join(':');
}

export const createKeyPair: Action = (context, args) => {
  const name = keyName(args);
  if (context.cloud.keyPairs.has(name)) {
    throw new Ec2Fault('InvalidKeyPair.Duplicate', `Key pair '${name}' already exists.`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' }) as { n: string; e: string };
  const blob = sshRsaBlob(Buffer.from(jwk.e, 'base64url'), Buffer.from(jwk.n, 'base64url'));
  const keyPair = add(context, name, `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`, blob);
  return { ...format(keyPair), keyMaterial: privateKey };
};

export const importKeyPair: Action = (context, args) => {
  const name = keyName(args);
  const material = required(str(args, 'public_key_material'), 'public_key_material');
  const text = Buffer.from(material, 'base64').toString('utf8').trim();
  const [type, encoded] = text.split(/\s+/);
  const blob = encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
  if (
    type === undefined ||
    !/^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521))$/.test(type) ||
    blob === undefined ||
    blob.length < 16 ||
    blob.readUInt32BE(0) !== type.length ||
    blob.subarray(4, 4 + type.length).toString('latin1') !== type
  ) {
    // Nova refuses the key with a 400, which ec2-api passes on under the client's exception name.
    throw new Ec2Fault('BadRequest', 'Keypair data is invalid: failed to generate fingerprint');
  }
  return format(add(context, name, text, blob));
};

export const deleteKeyPair: Action = (context, args) => {
  context.cloud.keyPairs.delete(keyName(args));
  return true;
};

export const describeKeyPairs: Action = (context, args) => {
  const names = strings(args, 'key_name');
  const filters = parseFilters(args);
  checkFilterNames(filters, KEY_PAIR_FILTERS, false);
  const wanted = new Set(names ?? []);
  const keySet: XmlObject[] = [];
  for (const keyPair of context.cloud.keyPairs.values()) {
    if (names !== undefined && !wanted.has(keyPair.name)) continue;
    wanted.delete(keyPair.name);
    const formatted = format(keyPair);
    if (matches(formatted, filters, KEY_PAIR_FILTERS)) keySet.push(formatted);
  }
  const missing = wanted.values().next();
  if (!missing.done) throw notFound('kp', missing.value);
  return { keySet };
};

/** The OpenSSH `ssh-rsa` blob: string "ssh-rsa", mpint e, mpint n. */
function sshRsaBlob(e: Buffer, n: Buffer): Buffer {
  const field = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const mpint = (data: Buffer) =>
    field((data[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), data]) : data);
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(e), mpint(n)]);
}
