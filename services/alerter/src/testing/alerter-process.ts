import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** The alerter as a child process (`main.ts` under tsx), for kill tests. Resolves once it has started consuming. */
export async function spawnAlerter(configFile: string): Promise<{ child: ChildProcess; exited: Promise<number | string | null>; stderr: string[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: ROOT,
    env: { ...process.env, GW_CONFIG: configFile, LOG_LEVEL: "info", NATS_URL: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderr: string[] = [];
  const exited = new Promise<number | string | null>((r) => child.once("exit", (code, sig) => r(sig ?? code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (s: string) => {
      stderr.push(s);
      if (s.includes("alerter channels")) resolve();
    });
    void exited.then((c) => reject(new Error(`alerter exited (${String(c)}) before starting: ${stderr.join("")}`)));
  });
  return { child, exited, stderr };
}
