// Shapes of the Reva HTTP API (SPEC §3, §5). Money arrives as a number or a decimal
// string; timestamps as ISO strings or epoch numbers.
export type Money = number | string;
export type Timestamp = string | number;

export interface Problem {
  type?: string;
  title: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export interface Analytics {
  recovery_rate: number;
  total_sequences: number;
  active_sequences: number;
  recovered_sequences: number;
  recovered_revenue: Money;
  currency: string;
  emails: {
    sent: number;
    delivered: number;
    opened: number;
    clicked: number;
    bounced: number;
    complained: number;
    unsubscribed: number;
  };
  popup: { shown: number; clicked: number; dismissed: number };
  funnel: { stage: string; count: number }[];
  by_step: { step: string; sent: number; opened: number; clicked: number; recovered: number }[];
}

export const SEQUENCE_STATUSES = ["active", "paused", "stopped", "completed", "recovered"] as const;
export type SequenceStatus = (typeof SEQUENCE_STATUSES)[number];

export type StepStatus = "pending" | "scheduled" | "sent" | "skipped" | "failed";

export interface SequenceStep {
  id: string;
  channel: "popup" | "email";
  status: StepStatus;
  scheduled_at: Timestamp | null;
  executed_at: Timestamp | null;
  reason: string | null;
}

export interface CartItem {
  id: string;
  title: string;
  price: Money;
  quantity: number;
  image_url?: string | null;
  url?: string | null;
}

export interface Sequence {
  id: string;
  status: SequenceStatus;
  sequence_type: string;
  current_step: string | null;
  steps_completed: string[];
  steps: SequenceStep[];
  cart: {
    token: string;
    customer_email: string | null;
    total_price: Money;
    currency: string;
    items: CartItem[];
  };
  started_at: Timestamp;
  stopped_reason: string | null;
}

export interface TimelineEntry {
  at: Timestamp;
  type: string;
  step?: string | null;
  detail?: unknown;
}

export interface SequenceDetail extends Sequence {
  timeline: TimelineEntry[];
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface OutboxMessage {
  id: string;
  sequence_id: string;
  step_id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  provider_id?: string | null;
  error?: string | null;
  created_at: Timestamp;
}

export interface DeadLetter {
  id: string;
  queue: string;
  body: { sequence_id?: string; step_id?: string } | null;
  created_at: Timestamp;
}

export interface SecretStatus {
  configured: boolean;
  last4?: string | null;
}

export interface Step {
  id: string;
  channel: "popup" | "email";
  delay_seconds: number;
  subject?: string;
  body?: string;
}

export type ConsentMode = "marketing_only" | "all";

export interface StoreSettings {
  name: string;
  domains: string[];
  from_email: string;
  from_name: string;
  reply_to?: string | null;
  address: string;
  logo_url?: string | null;
  timezone: string;
  currency: string;
  locale: string;
  steps: Step[];
  consent_mode: ConsentMode;
  frequency_cap: { max_emails: number; per_hours: number };
  daily_send_limit: number | null;
  quiet_hours: { start: string; end: string } | null;
  attribution_window_days: number;
  failure_policy: "send" | "defer";
  popup: {
    delay_seconds: number;
    dismiss_hours: number;
    exit_intent: boolean;
    title: string;
    body: string;
    cta: string;
    dismiss_label: string;
  };
  klaviyo: { api_key: SecretStatus; policy: "skip" | "defer"; lookback_hours: number; recovery_flow_ids: string[] };
  ga4: { measurement_id: string | null; api_secret: SecretStatus; send_purchase: boolean };
  resend: { requests_per_second: number };
  // Not in the settings contract; shown when the Worker includes it.
  publishable_key?: string;
}

export type SettingsPatch = Partial<Pick<StoreSettings, "name" | "from_email" | "from_name" | "consent_mode" | "steps">>;
