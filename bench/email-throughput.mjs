// Row 5: email throughput against a fake Resend limited to 2 requests/s (SPEC §9).
// Sending through Resend lands with issue 4; until then emails stop at the outbox, so there is
// nothing to measure. When it lands: start a local fake Resend that answers 429 above 2 req/s,
// point the dev server at it (vars RESEND_BASE_URL / RESEND_API_KEY), queue N emails and report
// sent/s and the 429 count here.
export async function measureEmailThroughput() {
  return {
    rows: [{ name: "Email throughput vs fake Resend at 2 req/s", value: "not measured (Resend sending lands with issue 4)", target: "—", pass: null }],
    detail: null,
  };
}
