import { describe, expect, it } from 'vitest';
import { maskVariables } from './mask-variables.js';

describe('maskVariables', () => {
  it.each([
    ['Connection to 10.0.0.7:5432 timed out after 30000ms', 'Connection to <*> timed out after <*>'],
    ['src: /10.250.19.102:54106 blk_-1608999687919862906', 'src: /<*> blk_<*>'],
    ['peer [::1]:8080 and fe80::1ff:fe23:4567:890a', 'peer [<*>]:<*> and <*>'],
    ['req 550e8400-e29b-41d4-a716-446655440000 at 2026-01-05T10:00:00.123Z', 'req <*> at <*>'],
    ['GET https://api.example.com/v1/users/123?x=1 took 1.5s', 'GET https://<*> took <*>'],
    ['mail bob@example.io about /var/log/app/error.log', 'mail <*> about <*>'],
    ['at Ns.C.M() in C:\\src\\y.cs:line 42', 'at Ns.C.M() in <*> <*>'],
    ['session 0x14f05578bf40012 trace 4bf92f3577b34da6a3ce929d0e0e4736', 'session <*> trace <*>'],
    ['user=alice id=abc123 uid=0 count:17', 'user=alice id=<*> uid=<*> count:<*>'],
    ["open '/etc/x.conf' and \"id42\" but 'word' stays", "open '<*>' and \"<*>\" but 'word' stays"],
    ['heap 512MB of 2GiB, ratio 0.75, delta -12', 'heap <*> of <*>, ratio <*>, delta <*>'],
    ['QuorumPeer$QuorumServer@3c6f7a1b at 15:16:01,123', 'QuorumPeer$QuorumServer@<*> at <*>'],
  ])('masks %s', (input, expected) => {
    expect(maskVariables(input)).toBe(expected);
  });

  it('keeps wording that only looks numeric inside words', () => {
    expect(maskVariables('ssh2 tty2 log4j sha256 deadbeef v1.2 x86')).toBe(
      'ssh2 tty2 log4j sha256 deadbeef v1.2 x86',
    );
  });

  it('masks long quoted free text as one variable and keeps short quotes', () => {
    expect(
      maskVariables('ua "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" req "GET /a/1 HTTP/1.1"'),
    ).toBe('ua "<*>" req "GET <*> HTTP/<*>"');
  });

  it('keeps whitespace and passes plain text through', () => {
    expect(maskVariables('FATAL:  sorry, too many clients already')).toBe(
      'FATAL:  sorry, too many clients already',
    );
    expect(maskVariables('')).toBe('');
  });
});
