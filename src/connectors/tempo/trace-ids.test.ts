import { describe, expect, it } from 'vitest';
import { isZeroId, normalizeId } from './trace-ids.js';

describe('normalizeId', () => {
  // Tempo docs, "Push spans with HTTP": the pushed hex ids come back base64-encoded.
  it('decodes the base64 ids of protobuf JSON to lowercase hex', () => {
    expect(normalizeId('W47/95gDgQPSabYzgT/HAA==')).toBe('5b8efff798038103d269b633813fc700');
    expect(normalizeId('7uGbfsPBsQA=')).toBe('eee19b7ec3c1b100');
  });

  it('keeps hex ids (OTLP/JSON, Tempo search, Jaeger), lowercased', () => {
    expect(normalizeId('5B8EFFF798038103D269B633813FC700')).toBe('5b8efff798038103d269b633813fc700');
    expect(normalizeId('00000000000000b4')).toBe('00000000000000b4');
    expect(normalizeId('d6e9329d67b614')).toBe('d6e9329d67b614');
  });

  it('rejects empty and unreadable ids', () => {
    expect(normalizeId('')).toBeUndefined();
    expect(normalizeId(undefined)).toBeUndefined();
    expect(normalizeId('not an id!')).toBeUndefined();
  });

  it('recognises the all-zero "no parent" id', () => {
    expect(isZeroId('0000000000000000')).toBe(true);
    expect(isZeroId('00000000000000b4')).toBe(false);
  });
});
