/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";

/** Served as a file, not inline: the pages' Content-Security-Policy allows no inline style. */
export const PAGE_STYLESHEET_PATH = "/pages.css";
export const PAGE_STYLESHEET = `body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f8fa;color:#1f2328}
main{max-width:440px;margin:12vh auto;padding:32px;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 12px}button{font:inherit;font-weight:600;padding:12px 20px;border:0;border-radius:6px;background:#4f46e5;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}.muted{color:#59636e}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22}.muted{color:#9198a1}}`;

/** The small HTML pages shoppers see (unsubscribe, broken links): readable without any script. */
export function Page(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={PAGE_STYLESHEET_PATH} />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
