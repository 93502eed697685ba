import { z } from "zod";

const EARLIEST = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

/** Whether a moment is one Reva can believe and schedule: from 2000 up to a day from now (clock skew). */
const isPlausibleTime = (ms: number, now = Date.now()) => Number.isFinite(ms) && ms >= EARLIEST && ms <= now + DAY_MS;

const inRange = (value: string) => isPlausibleTime(Date.parse(value));
const RANGE_MESSAGE = "must be between 2000-01-01 and a day from now";

/**
 * A date-time given by a caller (a cart's `updated_at`, an order's `created_at`, Shopify's dates):
 * ISO 8601 with an offset, bounded so that a year 0 or 9999 never reaches a Durable Object alarm or a query.
 */
export const eventTime = z.iso.datetime({ offset: true }).refine(inRange, RANGE_MESSAGE);

/** A UTC day for a report range (`2024-05-01`), or a date-time cut to its day; bounded like {@link eventTime}. */
export const reportDay = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine(inRange, RANGE_MESSAGE)
  .transform((value) => new Date(value).toISOString().slice(0, 10));
