/** Tests of the max-flow / min-cut solver. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowNetwork } from './maxflow.js';

/** The network of CLRS figure 26.6: maximum flow 23, minimum cut {s, v1, v2, v4}. */
function clrs(): FlowNetwork {
  const net = new FlowNetwork(6);
  const edges: [number, number, number][] = [
    [0, 1, 16],
    [0, 2, 13],
    [2, 1, 4],
    [1, 3, 12],
    [3, 2, 9],
    [2, 4, 14],
    [4, 3, 7],
    [3, 5, 20],
    [4, 5, 4],
  ];
  for (const [u, v, c] of edges) net.addEdge(u, v, c);
  return net;
}

test('maximum flow and minimum cut of the textbook network', () => {
  const net = clrs();
  assert.equal(net.maxFlow(0, 5), 23);
  assert.deepEqual([...net.sourceSide(0)], [1, 1, 1, 0, 1, 0]);
});

test('resetFlow and setCapacity let the same network be solved again', () => {
  const net = new FlowNetwork(3);
  const first = net.addEdge(0, 1, 5);
  net.addEdge(1, 2, 3);
  assert.equal(net.maxFlow(0, 2), 3);
  net.resetFlow();
  net.setCapacity(first, 2);
  assert.equal(net.maxFlow(0, 2), 2);
  assert.deepEqual([...net.sourceSide(0)], [1, 0, 0]);
});

test('an all-infinite path gives Infinity; an infinite edge beside finite ones does not', () => {
  const open = new FlowNetwork(3);
  open.addEdge(0, 1, Infinity);
  open.addEdge(1, 2, Infinity);
  assert.equal(open.maxFlow(0, 2), Infinity);
  const capped = new FlowNetwork(4);
  capped.addEdge(0, 1, Infinity);
  capped.addEdge(1, 2, 7);
  capped.addEdge(2, 1, Infinity);
  capped.addEdge(2, 3, Infinity);
  assert.equal(capped.maxFlow(0, 3), 7);
  assert.deepEqual([...capped.sourceSide(0)], [1, 1, 0, 0]);
});

test('a long chain does not overflow the stack', () => {
  const n = 200_000;
  const net = new FlowNetwork(n);
  for (let i = 0; i + 1 < n; i++) net.addEdge(i, i + 1, i === n / 2 ? 3 : 10);
  assert.equal(net.maxFlow(0, n - 1), 3);
});

test('clear and addNode reuse one network for problems of any size', () => {
  const net = new FlowNetwork(2);
  net.addEdge(0, 1, 9);
  assert.equal(net.maxFlow(0, 1), 9);
  net.clear(2);
  assert.equal(net.maxFlow(0, 1), 0); // the old edge is gone
  // Grow well past the first buffers: a chain 0 -> 2 -> 3 -> ... -> 40 -> 1.
  let prev = 0;
  for (let i = 0; i < 39; i++) {
    const node = net.addNode();
    assert.equal(node, 2 + i);
    net.addEdge(prev, node, 10 + i);
    prev = node;
  }
  net.addEdge(prev, 1, 100);
  assert.equal(net.nodeCount, 41);
  assert.equal(net.maxFlow(0, 1), 10);
  const side = net.sourceSide(0);
  assert.equal(side.length, 41);
  assert.deepEqual([side[0], side[1], side[2]], [1, 0, 0]);
});
