import { InProcessBus } from './in-process-bus.js';
import { describeMessagingScenarios, FAST } from './messaging-scenarios.js';

describeMessagingScenarios('in-process bus', async (pool) => {
  const bus = new InProcessBus(pool, { partitions: 3, pollMs: 50, redeliveryBackoff: FAST });
  return {
    publisher: bus,
    source: bus,
    name: (name) => name,
    read: async (topic) =>
      (await pool.query(`SELECT topic, key, value, headers FROM messaging.bus_messages WHERE topic = $1 ORDER BY partition, message_offset`, [topic])).rows,
    topicsWithMessages: async () => (await pool.query<{ topic: string }>('SELECT DISTINCT topic FROM messaging.bus_messages ORDER BY topic')).rows.map((t) => t.topic),
    messageCount: async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM messaging.bus_messages')).rows[0]!.n,
    rewind: async (group) => {
      await pool.query(`UPDATE messaging.bus_offsets SET next_offset = 0 WHERE consumer_group = $1`, [group]);
    },
    close: async () => {},
  };
});
