/**
 * The per-connection accounting behind the abuse limits, on a clock of the
 * test's own: bytes read for nothing (and credited back by whole messages),
 * replies that stop moving, and the penalty box of banned addresses.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type http2 from 'node:http2';
import { test } from 'node:test';
import { ConnectionLedger } from './connection-ledger.js';
import { relayLimits } from './limits.js';
import { MAX_BANNED_ADDRESSES, PenaltyBox } from './penalty-box.js';

const MB = 1024 * 1024;

/** A stand-in stream (a test double of the one thing the ledger reads: bytes queued on it). */
function fakeStream(writableLength: number): http2.ServerHttp2Stream & { writableLength: number } {
  return Object.assign(new EventEmitter(), { writableLength }) as unknown as http2.ServerHttp2Stream & {
    writableLength: number;
  };
}

test('limits: the new abuse limits have their defaults; abuseBanMs may be 0, the others not', () => {
  const d = relayLimits(10 * MB);
  assert.equal(d.maxWastedBytesPerConnection, 40 * MB);
  assert.equal(d.sendTimeoutMs, 60_000);
  assert.equal(d.abuseBanMs, 10_000);
  assert.equal(relayLimits(MB, { abuseBanMs: 0 }).abuseBanMs, 0);
  assert.throws(() => relayLimits(MB, { abuseBanMs: -1 }), {
    message: 'relay limit abuseBanMs must be a whole number >= 0, not -1',
  });
  assert.throws(() => relayLimits(MB, { sendTimeoutMs: 0 }), {
    message: 'relay limit sendTimeoutMs must be a positive whole number, not 0',
  });
  assert.throws(() => relayLimits(MB, { maxWastedBytesPerConnection: 0.5 }), {
    message: 'relay limit maxWastedBytesPerConnection must be a positive whole number, not 0.5',
  });
});

test('ledger: bytes read for nothing past the limit make the connection abusive, once; whole messages pay them back', () => {
  const reasons: string[] = [];
  const ledger = new ConnectionLedger(relayLimits(MB, { maxWastedBytesPerConnection: 1000 }), (r) =>
    reasons.push(r),
  );
  ledger.waste(600);
  ledger.completed(500); // a client that completes its messages is not charged for an abandoned one
  assert.equal(ledger.wastedBytes, 100);
  ledger.completed(5000);
  assert.equal(ledger.wastedBytes, 0, 'credit never goes below 0: it cannot be saved up');
  ledger.waste(1000);
  assert.deepEqual(reasons, []);
  ledger.waste(1);
  ledger.waste(5000);
  assert.deepEqual(reasons, [
    'connection made the server read 1001 request bytes only to drop them (limit 1000)',
  ]);
});

test('ledger: a reply left untaken for sendTimeoutMs stalls the connection, whatever other streams take', () => {
  let now = 0;
  const ledger = new ConnectionLedger(relayLimits(MB, { sendTimeoutMs: 100 }), undefined, () => now);
  const big = fakeStream(0);
  const small = fakeStream(0);
  assert.equal(ledger.open(big), true);
  assert.equal(ledger.open(small), true);
  now = 1000;
  assert.equal(ledger.sendStalled(), undefined, 'nothing written: nothing to wait for');
  // Two replies on `big`; the first leaves at 1050, the second waits from then.
  ledger.writing(big);
  big.writableLength = 6000;
  ledger.writing(big);
  now = 1050;
  big.writableLength = 3000;
  ledger.wrote(big);
  now = 1149;
  assert.equal(ledger.sendStalled(), undefined);
  // Small replies the client takes on another stream do not count for `big`.
  ledger.writing(small);
  ledger.wrote(small);
  now = 1150;
  assert.equal(
    ledger.sendStalled(),
    'client took none of a reply for 100 ms (sendTimeoutMs 100); 3000 reply bytes queued',
  );
  // Once it leaves, nothing waits; a closed stream waits no more either.
  big.writableLength = 0;
  ledger.wrote(big);
  ledger.writing(small);
  small.emit('close');
  ledger.wrote(small);
  now = 5000;
  assert.equal(ledger.sendStalled(), undefined);
});

test('penalty box: an address is banned for banMs, then let in again; 0 bans nothing; its size is bounded', () => {
  let now = 0;
  const box = new PenaltyBox(100, () => now);
  box.ban('10.0.0.1');
  assert.equal(box.banned('10.0.0.1'), true);
  assert.equal(box.banned('10.0.0.2'), false);
  assert.equal(box.banned(undefined), false);
  now = 99;
  assert.equal(box.banned('10.0.0.1'), true);
  now = 100;
  assert.equal(box.banned('10.0.0.1'), false);
  assert.equal(box.size, 0, 'an ended ban is forgotten');
  const off = new PenaltyBox(0, () => now);
  off.ban('10.0.0.1');
  assert.equal(off.banned('10.0.0.1'), false);
  for (let i = 0; i <= MAX_BANNED_ADDRESSES; i += 1) box.ban(`10.1.${i >> 8}.${i & 255}`);
  assert.equal(box.size, MAX_BANNED_ADDRESSES);
  assert.equal(box.banned('10.1.0.0'), false, 'the ban that ends first made room');
  assert.equal(box.banned(`10.1.${MAX_BANNED_ADDRESSES >> 8}.${MAX_BANNED_ADDRESSES & 255}`), true);
});
