import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_TTL_SECONDS } from "../security/session-token";

const SESSION_COOKIE = "reva_session";

/** HttpOnly and SameSite=Strict: the dashboard's session is unreadable by scripts and never sent cross-site. */
export function setSessionCookie(c: Context, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

export const readSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: "/" });
