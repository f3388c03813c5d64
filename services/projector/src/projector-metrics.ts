/**
 * The projector's numbers, rendered in the Prometheus text format (0.0.4).
 * Hand-written: six series do not need a client library.
 */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class ProjectorMetrics {
  eventsProjected = 0;
  eventsSetAside = 0;
  batches = 0;
  outboxRelayed = 0;
  streamLastSeq = 0;
  position = 0;
  lastEventTime: string | null = null;
  private readonly latency = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };

  observeBatch(seconds: number): void {
    this.batches++;
    this.latency.sum += seconds;
    this.latency.count++;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.latency.buckets[i]!++;
    });
  }

  get lag(): number {
    return Math.max(0, this.streamLastSeq - this.position);
  }

  render(extra: { outboxPending: number }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    metric("gw_projector_events_projected_total", "counter", "Classification events applied to the read model.", this.eventsProjected);
    metric("gw_projector_events_set_aside_total", "counter", "Events dead-lettered or of a type not handled.", this.eventsSetAside);
    metric("gw_projector_position", "gauge", "Stream sequence of the last event applied.", this.position);
    metric("gw_projector_lag", "gauge", "Stream sequences not yet projected (last classification seq minus position).", this.lag);
    metric("gw_projector_outbox_relayed_total", "counter", "Development events relayed to JetStream.", this.outboxRelayed);
    metric("gw_projector_outbox_pending", "gauge", "Development events committed, not yet relayed.", extra.outboxPending);
    const last = this.lastEventTime ? Date.parse(this.lastEventTime) / 1000 : 0;
    metric("gw_projector_last_event_timestamp_seconds", "gauge", "Time of the last event applied.", last);
    lines.push("# HELP gw_projector_batch_seconds Time to apply one micro-batch (one transaction).", "# TYPE gw_projector_batch_seconds histogram");
    BUCKETS.forEach((b, i) => lines.push(`gw_projector_batch_seconds_bucket{le="${b}"} ${this.latency.buckets[i]}`));
    lines.push(`gw_projector_batch_seconds_bucket{le="+Inf"} ${this.latency.count}`);
    lines.push(`gw_projector_batch_seconds_sum ${this.latency.sum}`, `gw_projector_batch_seconds_count ${this.latency.count}`);
    return `${lines.join("\n")}\n`;
  }
}
