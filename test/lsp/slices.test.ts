import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runSafe } from '../../server/src/lsp/runSafe';
import { runInTurns, yieldToLoop } from '../../server/src/lsp/slices';

// A long pass yields between slices; a request handler queued meanwhile runs before the pass's
// next slice, not after it.
describe('slices', () => {
  const connection = { console: { log: () => undefined, error: () => undefined } } as never;

  test('a pass resumes only after the request handlers queued while it yielded', async () => {
    const order: string[] = [];
    // A request is read in the same event-loop turn as the pass resumes, just before it: its
    // handler is queued for the next turn (runSafe yields first).
    setImmediate(() => {
      void runSafe(connection, 'test request', null, undefined, () => {
        order.push('handler');
        return null;
      });
    });
    for (let slice = 0; slice < 3; slice++) {
      order.push(`slice ${slice}`);
      await yieldToLoop();
    }
    assert.deepEqual(order, ['slice 0', 'handler', 'slice 1', 'slice 2']);
  });

  test('with no handler queued, a pass yields one turn at a time', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('a'));
    const pass = (async () => {
      await yieldToLoop();
      order.push('pass');
    })();
    setImmediate(() => order.push('b'));
    await pass;
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ['a', 'pass', 'b'], 'resumed in the turn after it yielded, in its place in the queue');
  });

  test('steps run one per turn, after request handlers queued meanwhile', async () => {
    const order: string[] = [];
    const steps = [0, 1, 2].map((i) => () => {
      order.push(`step ${i}`);
      // A request read while a step runs is answered before the next step.
      if (i === 0) {
        setImmediate(() => {
          void runSafe(connection, 'test request', null, undefined, () => {
            order.push('handler');
            return null;
          });
        });
      }
    });
    const running = runInTurns(steps);
    order.push('caller goes on');
    await running;
    assert.deepEqual(order, ['caller goes on', 'step 0', 'handler', 'step 1', 'step 2']);
  });
});
