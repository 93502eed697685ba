import { createSignal } from "solid-js";

// One shared ticking "now" so relative times ("2 minutes ago") stay current
// without re-rendering whole lists.
const [now, setNow] = createSignal(Date.now());
setInterval(() => setNow(Date.now()), 10_000);

export { now };
