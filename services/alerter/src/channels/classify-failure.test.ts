import { describe, expect, it } from "vitest";
import { DeliveryError } from "./channel.ts";
import { classifyFailure, classifyHttpStatus, classifyNatsError, classifySmtpError } from "./classify-failure.ts";

describe("classifyHttpStatus", () => {
  it.each([
    // The receiver refused this payload: set aside after a few tries.
    [400, "refused"],
    [411, "refused"],
    [413, "refused"],
    [415, "refused"],
    [422, "refused"],
    [499, "refused"],
    // Busy, early or slow: the channel, not the alert.
    [408, "transient"],
    [425, "transient"],
    [429, "transient"],
    // Credentials: every alert would get the same answer.
    [401, "transient"],
    [403, "transient"],
    [407, "transient"],
    // The URL or the connection, not the payload: a deleted hook, a wrong method, server or protocol.
    [404, "transient"],
    [405, "transient"],
    [410, "transient"],
    [421, "transient"],
    [426, "transient"],
    // An Idempotency-Key still in progress (our first try timed out): wait, then re-send.
    [409, "transient"],
    // Down.
    [500, "transient"],
    [502, "transient"],
    [503, "transient"],
    [504, "transient"],
    [302, "transient"],
  ])("HTTP %i is %s", (status, want) => {
    expect(classifyHttpStatus(status)).toBe(want);
  });
});

describe("classifySmtpError (nodemailer errors)", () => {
  it.each([
    [{ code: "EMESSAGE", responseCode: 552 }, "refused"], // message too big
    [{ code: "EMESSAGE", responseCode: 554 }, "refused"], // content rejected
    [{ code: "EMESSAGE" }, "refused"], // over the server's advertised SIZE, refused before sending
    [{ code: "EMESSAGE", responseCode: 452 }, "transient"], // mailbox full, try later
    [{ code: "EMESSAGE", responseCode: 421 }, "transient"],
    [{ code: "EENVELOPE", responseCode: 550 }, "transient"], // the recipients: every alert alike
    [{ code: "EAUTH", responseCode: 535 }, "transient"],
    [{ code: "ECONNECTION" }, "transient"],
    [{ code: "ETIMEDOUT" }, "transient"],
    [{}, "transient"],
  ])("%o is %s", (err, want) => {
    expect(classifySmtpError(err)).toBe(want);
  });
});

describe("classifyNatsError / classifyFailure", () => {
  it.each([
    [{ code: "MAX_PAYLOAD_EXCEEDED" }, "refused"],
    [{ code: "CONNECTION_CLOSED" }, "transient"],
    [{ code: "TIMEOUT" }, "transient"],
  ])("NATS %o is %s", (err, want) => {
    expect(classifyNatsError(err)).toBe(want);
  });

  it.each([
    [new DeliveryError("HTTP 400", { status: 400, kind: "refused" }), "refused"],
    [new DeliveryError("HTTP 503", { status: 503, kind: "transient" }), "transient"],
    [new DeliveryError("POST failed: ECONNREFUSED"), "transient"],
    [new Error("boom"), "transient"],
    [Object.assign(new Error("timed out"), { name: "TimeoutError" }), "transient"],
    [undefined, "transient"],
  ])("thrown %s is %s", (err, want) => {
    expect(classifyFailure(err)).toBe(want);
  });
});
