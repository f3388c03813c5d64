import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { buildAlert, buildDigest } from "../alert-payload.ts";
import { devData } from "../testing/developments.ts";
import { createEmailChannel } from "./email.ts";

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

describe("email channel against a local SMTP sink (smtp-server)", () => {
  const mails: Mail[] = [];
  let reject: number | null = null;
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          if (reject) return callback(Object.assign(new Error(reject < 500 ? "mailbox full" : "message refused"), { responseCode: reject }));
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const channel = () => createEmailChannel({ host: "127.0.0.1", port, secure: false, from: "gw@example.org", to: ["desk@example.org", "ngo@example.org"] });

  it("sends the alert with its Idempotency-Key and a Message-ID derived from it", async () => {
    const c = channel();
    await c.deliver(buildAlert(devData(7), "development.opened"), { idempotencyKey: `dev0007:${c.id}`, signal: AbortSignal.timeout(5000) });
    await c.deliver(buildAlert(devData(7), "development.opened"), { idempotencyKey: `dev0007:${c.id}`, signal: AbortSignal.timeout(5000) });
    await c.close?.();
    expect(mails).toHaveLength(2);
    const m = mails[0]!;
    expect(m.from).toBe("gw@example.org");
    expect(m.to).toEqual(["desk@example.org", "ngo@example.org"]);
    expect(m.raw).toMatch(/^Subject: \[geneva-watch\] Geneva round dev0007/m);
    expect(m.raw).toMatch(/^Idempotency-Key: dev0007:email:desk@example.org,ngo@example.org/m);
    expect(m.raw).toMatch(/https:\/\/news\.example\.org\/dev0007/);
    const messageId = (raw: string) => /^Message-ID: (.*)$/m.exec(raw)?.[1];
    expect(messageId(m.raw)).toMatch(/^<[0-9a-f]{24}@geneva-watch>/);
    expect(messageId(mails[1]!.raw)).toBe(messageId(m.raw));
  });

  it("a digest mail lists every development", async () => {
    const c = channel();
    const digest = buildDigest("dg", [1, 2, 3].map((i) => buildAlert(devData(i), "development.opened")), "quiet-hours");
    await c.deliver(digest, { idempotencyKey: "dg:e", signal: AbortSignal.timeout(5000) });
    await c.close?.();
    const raw = mails.at(-1)!.raw.replace(/=\r\n/g, ""); // undo quoted-printable soft breaks
    for (const i of ["0001", "0002", "0003"]) expect(raw).toContain(`https://news.example.org/dev${i}`);
  });

  it.each([
    [452, "transient"], // try later: the channel backs off
    [552, "refused"], // this message: set aside after a few tries
  ])("a server answering %i to the message is a %s DeliveryError", async (code, kind) => {
    reject = code;
    const c = channel();
    await expect(c.deliver(buildAlert(devData(8), "development.opened"), { idempotencyKey: "k", signal: AbortSignal.timeout(5000) })).rejects.toMatchObject({ name: "DeliveryError", kind, status: code });
    await c.close?.();
    reject = null;
  });
});
