import type { Admin } from 'kafkajs';
import { deadLetterTopic } from '../message.js';

/**
 * Creates `topics` and their `<topic>.dlq` with `partitions` partitions each (the broker's
 * default replication). Idempotent: existing topics are left as they are — changing a topic's
 * partition count would move keys to other partitions and break their order.
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], partitions: number): Promise<void> {
  const all = [...new Set(topics.flatMap((topic) => [topic, deadLetterTopic(topic)]))];
  await admin.createTopics({ waitForLeaders: true, topics: all.map((topic) => ({ topic, numPartitions: partitions })) });
}
