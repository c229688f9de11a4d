/**
 * Verifies Amazon SNS message signatures: SignatureVersion 1 is SHA1withRSA, 2 is
 * SHA256withRSA, over the canonical string, with the public key of the certificate at
 * SigningCertURL. The URL is checked strictly before anything is fetched, certificates come
 * through an injected fetcher and are cached by URL. The topic must be on the allowlist:
 * a valid SNS signature alone proves only that *some* AWS account sent the message.
 */
import { createPublicKey, createVerify, type KeyObject, X509Certificate } from 'node:crypto';
import { parseTopicArn, type SnsMessage, signingCertUrlProblem, snsStringToSign } from './sns-message.js';
import type { AuthResult, HttpGet } from './types.js';

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };
const MAX_CACHED_KEYS = 32;

export interface SnsVerifierOptions {
  /** Topic ARNs whose messages are accepted. */
  topicArns: string[];
  httpGet: HttpGet;
  /** Epoch seconds, to reject expired certificates. */
  now: () => number;
}

export class SnsSignatureVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly options: SnsVerifierOptions) {}

  async verify(message: SnsMessage, signal?: AbortSignal): Promise<AuthResult> {
    const topic = parseTopicArn(message.TopicArn);
    if (!topic)
      return { ok: false, status: 403, reason: `TopicArn ${message.TopicArn} is not an SNS topic ARN` };
    if (!this.options.topicArns.includes(message.TopicArn)) {
      return {
        ok: false,
        status: 403,
        reason: `TopicArn ${message.TopicArn} is not in this source's topic_arns`,
      };
    }
    const algorithm = ALGORITHMS[message.SignatureVersion];
    if (!algorithm) {
      return { ok: false, status: 403, reason: `unsupported SignatureVersion ${message.SignatureVersion}` };
    }
    const problem = signingCertUrlProblem(message.SigningCertURL, topic.region);
    if (problem) return { ok: false, status: 403, reason: `SigningCertURL ${problem}` };

    const key = await this.publicKey(message.SigningCertURL, signal);
    if ('reason' in key) return { ok: false, status: 403, reason: key.reason };
    const verifier = createVerify(algorithm);
    verifier.update(snsStringToSign(message), 'utf8');
    let valid = false;
    try {
      valid = verifier.verify(key.key, Buffer.from(message.Signature, 'base64'));
    } catch {
      valid = false;
    }
    return valid
      ? { ok: true, method: 'sns' }
      : { ok: false, status: 403, reason: 'SNS signature does not match the message' };
  }

  private async publicKey(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ key: KeyObject } | { reason: string }> {
    const cached = this.keys.get(url);
    if (cached) return { key: cached };
    let pem: string;
    try {
      const response = await this.options.httpGet(url, signal);
      if (response.status !== 200) return { reason: `fetching SigningCertURL gave HTTP ${response.status}` };
      pem = response.body;
    } catch (error) {
      return {
        reason: `fetching SigningCertURL failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const key = this.keyFromPem(pem);
    if ('reason' in key) return key;
    if (this.keys.size >= MAX_CACHED_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(url, key.key);
    return key;
  }

  /** Accepts an X.509 certificate (checked for its validity period) or a bare public key. */
  private keyFromPem(pem: string): { key: KeyObject } | { reason: string } {
    try {
      if (pem.includes('BEGIN CERTIFICATE')) {
        const certificate = new X509Certificate(pem);
        const now = this.options.now() * 1000;
        if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
          return { reason: 'the SNS signing certificate is outside its validity period' };
        }
        return { key: certificate.publicKey };
      }
      return { key: createPublicKey(pem) };
    } catch (error) {
      return {
        reason: `SigningCertURL did not serve a PEM certificate: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}
