import { connect, type NatsConnection, type Subscription } from "nats";
import { STREAM, SUBJECTS } from "@gw/events";

/**
 * Watches the pipeline from the bus side without taking part in it: counts
 * of stored messages per subject (how far each stage has got) and a plain
 * subscription to the poll results (gw-polls.feed) (when each poll finished, by the ingester's
 * account). A core subscription sees every JetStream publish on its subject.
 */
export class PipelineProbe {
  polled = 0;
  lastPolledAt = 0;
  polledStatus = new Map<string, number>();
  private sub: Subscription | undefined;

  private constructor(readonly nc: NatsConnection) {}

  static async connect(url: string): Promise<PipelineProbe> {
    const nc = await connect({ servers: url, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true });
    const p = new PipelineProbe(nc);
    p.sub = nc.subscribe(SUBJECTS.feedPolled, {
      callback: (_err, m) => {
        p.polled++;
        p.lastPolledAt = Date.now();
        try {
          const status = String((m.json() as { data?: { status?: unknown } }).data?.status);
          p.polledStatus.set(status, (p.polledStatus.get(status) ?? 0) + 1);
        } catch {
          /* counted anyway */
        }
      },
    });
    return p;
  }

  resetPolled(): void {
    this.polled = 0;
    this.lastPolledAt = 0;
    this.polledStatus.clear();
  }

  /** Messages stored per subject in the event stream (0 before it exists). */
  async subjectCounts(): Promise<Record<string, number>> {
    try {
      const jsm = await this.nc.jetstreamManager();
      const info = await jsm.streams.info(STREAM, { subjects_filter: "gw.>" });
      return (info.state.subjects as Record<string, number> | undefined) ?? {};
    } catch {
      return {};
    }
  }

  /** Durable and ordered consumers on the stream: the services are subscribed once they exist. */
  async consumerCount(): Promise<number> {
    try {
      const jsm = await this.nc.jetstreamManager();
      return (await jsm.consumers.list(STREAM).next()).length;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    this.sub?.unsubscribe();
    await this.nc.close();
  }
}
