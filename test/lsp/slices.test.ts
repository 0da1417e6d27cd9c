import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { runSafe } from '../../server/src/lsp/runSafe';
import { runInTurns, yieldToLoop } from '../../server/src/lsp/slices';

// A long pass yields between slices; a request read meanwhile is handled and its answer written
// before the pass's next slice, and a handler that waits on I/O does not hold the pass back.
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

  test('through the real protocol stack, a request read while a pass waits is answered before its next slice', async () => {
    const order: string[] = [];
    const input = new PassThrough();
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => {
      if (chunk.includes('"result":"pong"')) order.push('answered');
    });
    const server = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
    server.onRequest('test/ping', () =>
      runSafe(connection, 'test request', null, undefined, () => {
        order.push('handler');
        return 'pong';
      }),
    );
    server.listen();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test/ping', params: {} });
    // Read from the stream in a turn after the pass yielded, as stdin's data is.
    setTimeout(() => input.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`), 0);
    for (let slice = 0; slice < 4; slice++) {
      order.push(`slice ${slice}`);
      if (slice === 0) {
        const until = performance.now() + 3;
        while (performance.now() < until);
      }
      await yieldToLoop();
    }
    server.dispose();
    assert.deepEqual(order, ['slice 0', 'handler', 'answered', 'slice 1', 'slice 2', 'slice 3']);
  });

  test('a handler that waits on I/O (a WorkOS call) does not hold passes back meanwhile', async () => {
    let finish!: () => void;
    const answered = runSafe(connection, 'slow request', null, undefined, () => new Promise<null>((resolve) => (finish = () => resolve(null))));
    // The handler starts in the next turn; its release takes effect the turn after.
    for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    let turns = 0;
    let counting = true;
    const count = (): void => {
      if (!counting) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    await yieldToLoop();
    counting = false;
    assert.ok(turns <= 4, `the pass resumed after ${turns} turns, not three`);
    finish();
    assert.equal(await answered, null);
    await new Promise<void>((resolve) => setImmediate(resolve));
  });

  test('with no handler queued, a pass resumes three turns after it yields', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('a'));
    const pass = (async () => {
      await yieldToLoop();
      order.push('pass');
    })();
    setImmediate(() => {
      order.push('b');
      setImmediate(() => {
        order.push('c');
        setImmediate(() => order.push('d'));
      });
    });
    await pass;
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ['a', 'b', 'c', 'pass', 'd'], 'resumed in the third turn after it yielded, in its place in that turn');
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
