import { describe, expect, it } from 'vitest';
import { LocalQueue } from '#infra/local/work-queue';

/** The in-process queue behind the local fan-out keeps SQS's delivery rules (issue 20); its clock is moved by hand. */
describe('the local work queue', () => {
  const queueWith = (maxReceiveCount = 3) => {
    let t = 1_000_000;
    const queue = new LocalQueue('q', { visibilityTimeoutMs: 1_000, maxReceiveCount, clock: () => t });
    return { queue, advance: (ms: number) => (t += ms) };
  };

  it('hides a received message until its visibility timeout ends, then delivers it again', () => {
    const { queue, advance } = queueWith();
    queue.send(['slot-1']);

    const first = queue.receive();
    expect(first.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['slot-1', '1']]);
    expect(queue.receive()).toEqual([]);
    advance(999);
    expect(queue.receive()).toEqual([]);
    advance(1);
    const again = queue.receive();
    expect(again.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['slot-1', '2']]);
  });

  it('forgets a message once deleted with the receipt of its latest delivery, not of an earlier one', () => {
    const { queue, advance } = queueWith();
    queue.send(['slot-1']);
    const stale = queue.receive()[0]?.receiptHandle ?? '';
    advance(1_000);
    const current = queue.receive()[0]?.receiptHandle ?? '';

    expect(queue.delete(stale)).toBe(false);
    expect(queue.delete(current)).toBe(true);
    advance(5_000);
    expect(queue.receive()).toEqual([]);
    expect(queue.depth()).toEqual({ inQueue: 0, dead: 0 });
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue instead of delivering it again', () => {
    const { queue, advance } = queueWith(2);
    queue.send(['slot-1', 'slot-2']);
    queue.receive();
    advance(1_000);
    queue.receive();
    advance(1_000);

    expect(queue.receive()).toEqual([]);
    expect(queue.deadLetters.map((m) => [m.body, m.receiveCount])).toEqual([
      ['slot-1', 2],
      ['slot-2', 2],
    ]);
    expect(queue.redrive()).toBe(2);
    expect(queue.receive().map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '1']);
  });

  it('delivers at most a batch at a time', () => {
    const { queue } = queueWith();
    queue.send(Array.from({ length: 25 }, (_, i) => `slot-${i}`));

    expect([queue.receive(10).length, queue.receive(10).length, queue.receive(10).length]).toEqual([
      10, 10, 5,
    ]);
  });
});
