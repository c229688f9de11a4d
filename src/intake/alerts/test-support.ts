/**
 * Shared helpers for this folder's tests: fixture loading, a fixed clock, HMAC signing and
 * a recording HttpGet. Not part of the public API.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebhookSources, type WebhookIntakeConfigInput } from './registry.js';
import type { HttpGet, WebhookSource } from './types.js';

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url)), 'utf8');
}

/** 2026-11-25T19:14:00Z, shortly after the captured Alertmanager fixtures. */
export const NOW = 1795634040;

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export interface RecordingGet {
  get: HttpGet;
  urls: string[];
}

/** An HttpGet that records each URL and answers from a map (404 otherwise). */
export function recordingGet(answers: Record<string, string>): RecordingGet {
  const urls: string[] = [];
  return {
    urls,
    get: async (url) => {
      urls.push(url);
      return url in answers ? { status: 200, body: answers[url] } : { status: 404, body: 'NotFound' };
    },
  };
}

export function sourceOf(
  id: string,
  config: WebhookIntakeConfigInput,
  deps: { now?: () => number; httpGet?: HttpGet } = {},
): WebhookSource {
  const sources = createWebhookSources(config, { now: () => NOW, httpGet: recordingGet({}).get, ...deps });
  const source = sources[id];
  if (!source) throw new Error(`no source ${id}`);
  return source;
}
