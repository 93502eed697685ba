import { z } from "zod";

/** C0 controls (NUL, CR, LF, TAB, ESC…), DEL and the C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** The same, but a line break or a tab is text in a body. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/gu;

/**
 * Text that ends up on one line: in an email header (`from_name`, a step's subject), a popup's title
 * or button, an API key sent as a header. A CR/LF there is header injection, so it is refused.
 */
export const singleLineText = (max: number, min = 0) =>
  z.string().min(min).max(max).refine((text) => !CONTROL.test(text), "must not contain control characters such as line breaks");

/** A body a merchant writes (a step's body, the popup's text, the postal address): line breaks and tabs allowed, other controls refused. */
export const multiLineText = (max: number, min = 0) =>
  z.string().min(min).max(max).refine((text) => !CONTROL_BUT_LINES.test(text), "must not contain control characters other than line breaks");

/**
 * Shopper data (a first name, an item's title) is not refused: the shopper did not type it for us.
 * It is made single-line instead, before it is stored and again before it is composed into an email.
 */
export const stripControlChars = (text: string) => text.replace(CONTROL_ALL, "");
