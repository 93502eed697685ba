// Placeholder: replaced by the fake Klaviyo server (see test/fakes/resend-server.mjs for the pattern).
import { createServer } from "node:http";

/** @param {{ port?: number }} options */
export async function startFakeKlaviyo({ port = 0 } = {}) {
  const server = createServer((req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
