/**
 * The NATS/JetStream layer, written once: connect with endless reconnect, ensure
 * the event store stream, publish with msgID, a durable consumer loop and an
 * ordered reader for checkpointed projections.
 */
export * from "./connect.ts";
export * from "./streams.ts";
export * from "./publish.ts";
export * from "./consumer-loop.ts";
export * from "./ordered-reader.ts";
export * from "./decode.ts";
export * from "./micro-batches.ts";
export * from "./service.ts";
export * from "./dead-letter.ts";
