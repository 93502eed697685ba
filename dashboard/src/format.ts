import type { Money, Timestamp } from "./types";

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: Money | null | undefined, currency: string): string {
  const value = Number(amount ?? 0);
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch {
      return `${value.toFixed(2)} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

const integer = new Intl.NumberFormat();
export const formatCount = (value: number | null | undefined) => integer.format(value ?? 0);

/** Recovery rate arrives as a fraction (0.25); values above 1 are taken as percentages. */
export function formatRate(rate: number | null | undefined): string {
  const fraction = (rate ?? 0) > 1 ? (rate ?? 0) / 100 : (rate ?? 0);
  return new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 }).format(fraction);
}

export function toDate(value: Timestamp | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const thisYear = new Date().getFullYear();
const dateTimeFormats = {
  short: new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }),
  seconds: new Intl.DateTimeFormat(undefined, {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
  }),
  otherYear: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }),
};

/** "Nov 26, 2:20 PM"; the year only when it is not this year. */
export function formatDateTime(value: Timestamp | null | undefined, withSeconds = false): string {
  const date = toDate(value);
  if (!date) return "—";
  if (date.getFullYear() !== thisYear) return dateTimeFormats.otherYear.format(date);
  return (withSeconds ? dateTimeFormats.seconds : dateTimeFormats.short).format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

export function formatRelative(value: Timestamp | null | undefined, now = Date.now()): string {
  const date = toDate(value);
  if (!date) return "—";
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") return relative.format(Math.trunc(seconds / size), unit);
  }
  return "—";
}

export function formatDelay(seconds: number): string {
  for (const [size, suffix] of [
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${suffix}`;
  }
  return `${seconds} s`;
}

export const humanize = (value: string) => value.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());

/** A link from shopper data (an item's page or image), only when it is http(s): `javascript:` never becomes a link. */
export function webUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:" ? value : undefined;
  } catch {
    return undefined;
  }
}
