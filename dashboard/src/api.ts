import type {
  Analytics,
  DeadLetterPage,
  DeliverabilityReport,
  IntegrationHealth,
  IntegrationName,
  IntegrationTest,
  KlaviyoFlows,
  EmailDraft,
  EmailPreview,
  OutboxPage,
  Problem,
  SendingDomain,
  Sequence,
  SequenceDetail,
  SequenceListQuery,
  SequencePage,
  SettingsPatch,
  StoreSettings,
  Suppression,
  SuppressionList,
  TestSend,
} from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  /** `problem` is the server's problem+json, or one made here (network error…) with only a title and detail. */
  constructor(status: number, problem: Pick<Problem, "title"> & Partial<Problem>) {
    super(problem.detail || problem.title);
    this.status = status;
    this.problem = { ...problem, type: problem.type ?? "about:blank", status: problem.status ?? status, detail: problem.detail ?? "" };
  }

  /** Per-field messages from a 400/422 problem, keyed by field name. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) byField[field] = message;
    return byField;
  }
}

let onUnauthorized: () => void = () => {};

/** Called whenever the session cookie is missing or expired. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function toProblem(res: Response, body: unknown): Problem {
  if (body && typeof body === "object" && ("title" in body || "detail" in body)) return body as Problem;
  return { type: "about:blank", title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: `The server answered ${res.status}.` };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: "Network error", detail: "Could not reach the Reva API. Check your connection." });
  }
  const parsed = parseJson(await res.text());
  if (!res.ok) {
    const error = new ApiError(res.status, toProblem(res, parsed));
    if (res.status === 401 && path !== SESSION_PATH) onUnauthorized();
    throw error;
  }
  return parsed as T;
}

const SESSION_PATH = "/api/v1/session";

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const SUPPRESSIONS_PATH = "/api/v1/suppressions";
const SENDING_DOMAIN_PATH = "/api/v1/store/sending-domain";
const stepPath = (id: string) => `/api/v1/store/steps/${encodeURIComponent(id)}`;
const sequencePath = (id: string) => `/api/v1/recovery/sequences/${encodeURIComponent(id)}`;

export const api = {
  signIn: (secretKey: string) => request<void>("POST", SESSION_PATH, { secret_key: secretKey }),
  signOut: () => request<void>("DELETE", SESSION_PATH),

  settings: () => request<StoreSettings>("GET", "/api/v1/store/settings"),
  updateSettings: (patch: SettingsPatch) => request<StoreSettings | undefined>("PATCH", "/api/v1/store/settings", patch),

  analytics: (range: { from?: string; to?: string } = {}) => request<Analytics>("GET", `/api/v1/recovery/analytics${query(range)}`),

  sequences: (params: { status?: SequenceListQuery["status"] | ""; step?: string; email?: string; limit?: SequenceListQuery["limit"]; cursor?: string | null }) =>
    request<SequencePage>("GET", `/api/v1/recovery/sequences${query(params)}`),
  sequence: (id: string) => request<SequenceDetail>("GET", sequencePath(id)),
  stopSequence: (id: string, reason: string) => request<Sequence>("POST", `${sequencePath(id)}/stop`, { reason }),
  pauseSequence: (id: string) => request<Sequence>("POST", `${sequencePath(id)}/pause`, {}),
  resumeSequence: (id: string) => request<Sequence>("POST", `${sequencePath(id)}/resume`, {}),

  outbox: (limit = 50) => request<OutboxPage>("GET", `/api/v1/outbox${query({ limit })}`),
  suppressions: (q: string) => request<SuppressionList>("GET", `${SUPPRESSIONS_PATH}${query({ q })}`),
  suppressionsCsv: (q: string) => `${SUPPRESSIONS_PATH}${query({ format: "csv", q })}`,
  addSuppression: (email: string) => request<Suppression>("POST", SUPPRESSIONS_PATH, { email }),
  deadLetters: () => request<DeadLetterPage>("GET", "/api/v1/dead-letters"),
  integrations: () => request<IntegrationHealth>("GET", "/api/v1/integrations"),
  testIntegration: (name: IntegrationName) => request<IntegrationTest>("POST", `/api/v1/integrations/${name}/test`),
  klaviyoFlows: () => request<KlaviyoFlows>("GET", "/api/v1/integrations/klaviyo/flows"),
  sendingDomain: () => request<SendingDomain>("GET", SENDING_DOMAIN_PATH),
  verifySendingDomain: () => request<SendingDomain>("POST", SENDING_DOMAIN_PATH),
  previewEmailDraft: (stepId: string, draft: EmailDraft) => request<EmailPreview>("POST", `${stepPath(stepId)}/preview`, draft),
  /** Where a form posts a draft to get the email as a page of its own (for the sandboxed preview iframe). */
  emailPreviewPage: (stepId: string) => `${stepPath(stepId)}/preview.html`,
  /** A stored email's HTML as a page of its own (for the outbox's sandboxed iframe). */
  outboxEmailPage: (id: string) => `/api/v1/outbox/${encodeURIComponent(id)}/html`,
  sendTestEmail: (stepId: string, to: string) => request<TestSend>("POST", `${stepPath(stepId)}/test`, { to }),
  deliverability: () => request<DeliverabilityReport>("GET", "/api/v1/store/deliverability"),
  resumeSending: () => request<DeliverabilityReport>("POST", "/api/v1/store/deliverability/resume"),
};
