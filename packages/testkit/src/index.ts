export * from "./nats-server.ts";
export * from "./net.ts";
