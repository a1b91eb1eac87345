/** A minimal Prometheus text exposition: gauges and counters read when scraped. */
export interface Metric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: () => { labels?: Record<string, string>; value: number }[];
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderMetrics(metrics: readonly Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples()) {
      const labels = s.labels && Object.keys(s.labels).length > 0 ? `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
      lines.push(`${m.name}${labels} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function processMetrics(): Metric[] {
  return [
    { name: 'reserva_process_uptime_seconds', help: 'Seconds since the process started.', type: 'gauge', samples: () => [{ value: process.uptime() }] },
    { name: 'reserva_process_resident_memory_bytes', help: 'Resident set size.', type: 'gauge', samples: () => [{ value: process.memoryUsage().rss }] },
  ];
}

/** Projection lag as metrics (for the projector and the process manager's bookkeeping). */
export function projectorMetrics(
  component: string,
  stats: () => { eventsBehind: number; eventsApplied: number; checkpointConflicts: number; lastBatchAt: string | null; lanes?: Record<string, { eventsBehind: number; secondsBehind: number }> },
): Metric[] {
  const labels = { component };
  const lanes = (pick: (lag: { eventsBehind: number; secondsBehind: number }) => number) =>
    Object.entries(stats().lanes ?? {}).map(([projection, lag]) => ({ labels: { component, projection }, value: pick(lag) }));
  return [
    { name: 'reserva_projection_lane_events_behind', help: 'Per projection: events received that it has not applied yet.', type: 'gauge', samples: () => lanes((l) => l.eventsBehind) },
    {
      name: 'reserva_projection_lane_seconds_behind',
      help: 'Per projection: recorded-at of the newest event received minus that of its oldest unapplied event (0 when caught up).',
      type: 'gauge',
      samples: () => lanes((l) => l.secondsBehind),
    },
    { name: 'reserva_projection_events_behind', help: 'Events received but not yet applied.', type: 'gauge', samples: () => [{ labels, value: stats().eventsBehind }] },
    { name: 'reserva_projection_events_applied_total', help: 'Events applied since start.', type: 'counter', samples: () => [{ labels, value: stats().eventsApplied }] },
    { name: 'reserva_projection_checkpoint_conflicts_total', help: 'Batches dropped because another instance moved the checkpoint.', type: 'counter', samples: () => [{ labels, value: stats().checkpointConflicts }] },
    {
      name: 'reserva_projection_seconds_since_last_batch',
      help: 'Seconds since the last applied batch (-1 before the first).',
      type: 'gauge',
      samples: () => {
        const at = stats().lastBatchAt;
        return [{ labels, value: at ? (Date.now() - Date.parse(at)) / 1000 : -1 }];
      },
    },
  ];
}
