/** Tests of the integer lists the graph algorithms build their packed adjacency from. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntList, ListBuilder, packPairs, type Lists } from './int-list.js';

function unpack(lists: Lists): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + 1 < lists.start.length; i++) {
    out.push([...lists.items.subarray(lists.start[i], lists.start[i + 1])]);
  }
  return out;
}

test('an IntList grows past its first buffer, keeps its items in order and empties by count', () => {
  const list = new IntList();
  for (let i = 0; i < 100; i++) list.push(i * 3 - 7);
  assert.equal(list.length, 100);
  assert.equal(list.get(0), -7);
  assert.equal(list.get(99), 290);
  assert.deepEqual([...list.toInt32Array()].slice(0, 3), [-7, -4, -1]);
  list.clear();
  assert.equal(list.length, 0);
  list.push(5);
  assert.deepEqual([...list.toInt32Array()], [5]);
});

test('a ListBuilder packs lists in the order they were ended, empty ones included', () => {
  const builder = new ListBuilder(4);
  for (const list of [[1, 2], [], [7], [3, 3, 0]]) {
    for (const item of list) builder.add(item);
    builder.end();
  }
  assert.deepEqual(unpack(builder.done()), [[1, 2], [], [7], [3, 3, 0]]);
});

test('packPairs groups items by owner, keeping the order they were given within each list', () => {
  const owner = new IntList();
  const item = new IntList();
  const pairs = [
    [2, 10],
    [0, 11],
    [2, 12],
    [3, 13],
    [0, 14],
    [2, 15],
  ];
  for (const [o, i] of pairs) {
    owner.push(o!);
    item.push(i!);
  }
  assert.deepEqual(unpack(packPairs(5, owner, item)), [[11, 14], [], [10, 12, 15], [13], []]);
});

test('an IntList sorts its items ascending in place, by insertion when few and by the typed sort when many', () => {
  for (const values of [[], [4], [9, 3, 3, -2, 7], Array.from({ length: 40 }, (_, i) => (i * 17) % 23)]) {
    const list = new IntList();
    for (const v of values) list.push(v);
    list.sortAscending();
    assert.deepEqual(
      [...list.toInt32Array()],
      [...values].sort((a, b) => a - b),
    );
  }
});
