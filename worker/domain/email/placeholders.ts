import { stripControlChars } from "../plain-text";

/** The placeholders a step's subject and body may use; anything else is rejected when saved. */
export const PLACEHOLDERS = ["first_name", "store_name", "cart_total", "item_count", "first_item"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([^}]*?)\s*\}\}/g;

export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PATTERN)].map((m) => m[1] as string).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/** Values come from shopper data (a first name, an item's title): stripped of control characters, so none reaches a subject header. */
export function fillPlaceholders(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PATTERN, (match, name: string) => {
    const value = values[name as Placeholder];
    return value === undefined ? match : stripControlChars(value);
  });
}
